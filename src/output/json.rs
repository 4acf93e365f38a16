//! JSON Lines output: one object per line, keys documented in the README.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as one JSON line.
pub fn line<W: Write, T: Serialize>(out: &mut W, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Writes each item as one JSON line.
pub fn lines<'a, W: Write, T: Serialize + 'a>(
    out: &mut W,
    items: impl IntoIterator<Item = &'a T>,
) -> io::Result<()> {
    for item in items {
        line(out, item)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_object_per_line() {
        let mut out = Vec::new();
        lines(
            &mut out,
            &[serde_json::json!({"a": 1}), serde_json::json!({"b": "x"})],
        )
        .expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "{\"a\":1}\n{\"b\":\"x\"}\n"
        );
    }
}
