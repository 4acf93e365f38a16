//! A multi-article file read as a stream: a window over its unread bytes that grows only as
//! far as the record being framed needs, so a file of any size is read in bounded memory.
//!
//! Readers frame records in the window (`search`, `fill`), hand each record's bytes to their
//! parser, and `consume` them. A read error ends the stream like the end of the file; the
//! error is kept for the caller (a truncated gzip stream still yields the records before it).

use std::io::{self, Read};

/// Bytes read from the underlying stream at a time.
const BLOCK: usize = 256 << 10;

/// The outcome of a [`Source::search`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Search {
    /// Found at this offset in the window.
    Found(usize),
    /// The stream ended first; the window holds everything that is left.
    End,
    /// The window grew past the limit first.
    TooLong,
}

/// A window over the unread part of a byte stream.
pub struct Source<'a> {
    inner: Box<dyn Read + 'a>,
    buf: Vec<u8>,
    /// Where the window starts in `buf`.
    start: usize,
    /// Offset of the window's first byte in the stream.
    offset: u64,
    ended: bool,
    error: Option<io::Error>,
    block: usize,
}

impl<'a> Source<'a> {
    pub fn new(inner: impl Read + 'a) -> Self {
        Source::with_block(inner, BLOCK)
    }

    /// A source reading `block` bytes at a time (tests use tiny blocks to put record
    /// boundaries everywhere).
    pub fn with_block(inner: impl Read + 'a, block: usize) -> Self {
        Source {
            inner: Box::new(inner),
            buf: Vec::new(),
            start: 0,
            offset: 0,
            ended: false,
            error: None,
            block: block.max(1),
        }
    }

    /// The unread bytes held.
    pub fn window(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// Offset of the window's first byte in the stream.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Bytes read from the stream so far.
    pub fn bytes_read(&self) -> u64 {
        self.offset + self.window().len() as u64
    }

    /// The error that ended the stream early, if one did.
    pub fn error(&self) -> Option<&io::Error> {
        self.error.as_ref()
    }

    /// True when no unread byte is left.
    pub fn at_end(&mut self) -> bool {
        self.fill(1) == 0
    }

    /// Reads until the window holds at least `n` bytes or the stream ends; returns the
    /// window's length.
    pub fn fill(&mut self, n: usize) -> usize {
        while self.window().len() < n && self.more() {}
        self.window().len()
    }

    /// Drops the first `n` bytes of the window (at most all of it).
    pub fn consume(&mut self, n: usize) {
        let n = n.min(self.window().len());
        self.start += n;
        self.offset += n as u64;
        if self.start == self.buf.len() {
            self.buf.clear();
            self.start = 0;
        }
    }

    /// Drops the next `n` bytes of the stream without holding them; false when the stream
    /// ends first.
    pub fn discard(&mut self, mut n: u64) -> bool {
        loop {
            let held = self.window().len() as u64;
            let step = held.min(n);
            self.consume(step as usize);
            n -= step;
            if n == 0 {
                return true;
            }
            if !self.more() {
                return false;
            }
        }
    }

    /// Looks for something in the window from offset `from`, reading more while it is not
    /// found. `find(window, at)` returns the offset of a match starting at or after `at`;
    /// after a refill it is called again from `overlap` bytes before the old end (a match
    /// may need bytes that had not come yet), so a stateful `find` must use 0. `limit` is
    /// checked when a whole window has been searched in vain, so a match up to one read
    /// beyond it is still found: limits here guard memory, they are not exact sizes.
    pub fn search(
        &mut self,
        from: usize,
        limit: usize,
        overlap: usize,
        find: impl FnMut(&[u8], usize) -> Option<usize>,
    ) -> Search {
        self.scan(from, Some(limit), overlap, find)
    }

    /// Like [`search`](Self::search) with no limit, dropping the bytes that cannot hold the
    /// match as it goes: for skipping over a record too large to hold. On `Found(i)` the
    /// match is at `i` in the window; on `End` the window is empty.
    pub fn skip_to(
        &mut self,
        from: usize,
        overlap: usize,
        find: impl FnMut(&[u8], usize) -> Option<usize>,
    ) -> Search {
        self.scan(from, None, overlap, find)
    }

    /// `search` with `limit`, `skip_to` without.
    fn scan(
        &mut self,
        from: usize,
        limit: Option<usize>,
        overlap: usize,
        mut find: impl FnMut(&[u8], usize) -> Option<usize>,
    ) -> Search {
        let mut at = from;
        loop {
            if let Some(i) = self.find_from(at, &mut find) {
                return Search::Found(i);
            }
            let held = self.window().len();
            let retry = held.saturating_sub(overlap);
            at = at.max(retry);
            match limit {
                Some(limit) if held > limit => return Search::TooLong,
                Some(_) => {}
                None => {
                    self.consume(retry);
                    at -= retry;
                }
            }
            if !self.more() {
                if limit.is_none() {
                    self.consume(usize::MAX);
                }
                return Search::End;
            }
        }
    }

    /// `find` over the window from `at` (nothing when `at` is past its end).
    fn find_from(
        &self,
        at: usize,
        find: &mut impl FnMut(&[u8], usize) -> Option<usize>,
    ) -> Option<usize> {
        let window = self.window();
        (at <= window.len()).then(|| find(window, at)).flatten()
    }

    /// Reads one more block; false when the stream has ended.
    fn more(&mut self) -> bool {
        if self.ended {
            return false;
        }
        if self.start > 0 && self.start >= self.buf.len() / 2 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let len = self.buf.len();
        self.buf.resize(len + self.block, 0);
        loop {
            match self.inner.read(&mut self.buf[len..]) {
                Ok(0) => {
                    self.ended = true;
                    self.buf.truncate(len);
                    return false;
                }
                Ok(n) => {
                    self.buf.truncate(len + n);
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.ended = true;
                    self.error = Some(e);
                    self.buf.truncate(len);
                    return false;
                }
            }
        }
    }
}

/// A finder for [`Source::search`]: the next line feed at or after `at`.
pub fn newline(window: &[u8], at: usize) -> Option<usize> {
    memchr::memchr(b'\n', &window[at..]).map(|i| at + i)
}

/// A finder for [`Source::search`]: the next byte that is not ASCII white space.
pub fn not_space(window: &[u8], at: usize) -> Option<usize> {
    let i = window[at..].iter().position(|b| !b.is_ascii_whitespace())?;
    Some(at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_reads_until_found_and_consume_moves_on() {
        for block in [1, 2, 3, 64] {
            let mut s = Source::with_block(&b"ab\ncdef\n\ng"[..], block);
            assert_eq!(s.search(0, 100, 0, newline), Search::Found(2));
            s.consume(3);
            assert_eq!(s.offset(), 3);
            assert_eq!(s.search(0, 100, 0, newline), Search::Found(4));
            s.consume(5);
            assert_eq!(s.search(0, 100, 0, newline), Search::Found(0));
            s.consume(1);
            assert_eq!(s.search(0, 100, 0, newline), Search::End);
            assert_eq!(s.window(), b"g");
            s.consume(1);
            assert!(s.at_end());
            assert_eq!(s.bytes_read(), 10);
        }
    }

    #[test]
    fn a_match_split_across_reads_is_found_through_the_overlap() {
        let find = |w: &[u8], at: usize| memchr::memmem::find(&w[at..], b"END").map(|i| at + i);
        let mut s = Source::with_block(&b"xxxxxEND"[..], 3);
        assert_eq!(s.search(0, 100, 2, find), Search::Found(5));
    }

    #[test]
    fn limits_and_skipping() {
        let mut s = Source::with_block(&b"0123456789\nrest"[..], 2);
        assert_eq!(s.search(0, 4, 0, newline), Search::TooLong);
        assert_eq!(s.skip_to(0, 0, newline), Search::Found(0));
        s.consume(1);
        assert_eq!(s.offset(), 11);
        assert_eq!(s.skip_to(0, 0, newline), Search::End);
        assert!(s.at_end());
        let mut s = Source::with_block(&b"0123456789"[..], 3);
        assert!(s.discard(7));
        assert_eq!(s.fill(10), 3);
        assert!(!s.discard(4));
    }

    #[test]
    fn a_read_error_ends_the_stream_and_is_kept() {
        struct Failing(usize);
        impl Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "cut"));
                }
                self.0 -= 1;
                buf[0] = b'a';
                Ok(1)
            }
        }
        let mut s = Source::new(Failing(3));
        assert_eq!(s.fill(10), 3);
        assert_eq!(
            s.error().map(|e| e.kind()),
            Some(io::ErrorKind::UnexpectedEof)
        );
    }
}
