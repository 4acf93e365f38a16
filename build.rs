//! Link-time setting for the `newsidx` binary.
//!
//! On Linux with glibc the binary is linked as a position-dependent executable (`-no-pie`).
//! A position-independent one must relocate its 1 MB of `.data.rel.ro` (vtables and tables of
//! string slices, most of them from dependencies) at every start, and each of those ~250
//! pages is then copied on write: about 250 extra page faults, about 1 ms of a one-shot
//! `newsidx search` (5.3 against 6.5 ms on the Reuters index, `perf stat`; see
//! `bench/compare.sh`'s one-shot column). Shared libraries, heap, stack and mappings keep
//! their randomised addresses; only the executable's own image loses it.
//!
//! `NEWSIDX_PIE=1 cargo build --release` keeps a position-independent executable, then with
//! packed relative relocations (`DT_RELR`: the relocation table shrinks from 1.3 MB to 16 KB;
//! GNU ld before 2.38 ignores the option with a warning).

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        if std::env::var_os("NEWSIDX_PIE").is_some_and(|v| v == "1") {
            println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
        } else {
            println!("cargo:rustc-link-arg-bins=-no-pie");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=NEWSIDX_PIE");
}
