//! Random mutations of a whole bundle file, from a seeded generator: byte changes,
//! cuts, insertions, and changes to the archive's structure (entries duplicated,
//! removed, reordered, a comment added) made by splicing the file's own byte ranges,
//! since the engine's writer refuses to write two entries of one name.

use xungkich::bundle::container::{self, Limits};

/// xorshift64*: tiny, seedable, good enough to pick positions and bytes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// A seed that differs from run to run, printed so a failure can be replayed.
pub fn clock_seed() -> u64 {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    now.map_or(1, |d| d.as_nanos() as u64)
}

/// The file cut into its parts: each entry's local record (header, name, data) and
/// central header, in directory order.
struct Parts {
    locals: Vec<Vec<u8>>,
    centrals: Vec<Vec<u8>>,
}

const LOCAL_LEN: usize = 30;
const CENTRAL_LEN: usize = 46;
const EOCD_LEN: usize = 22;

fn split(bytes: &[u8]) -> Parts {
    let index = container::read_index(bytes, &Limits::DEFAULT).unwrap();
    let eocd = &bytes[bytes.len() - EOCD_LEN..];
    let mut central_at = u32::from_le_bytes(eocd[16..20].try_into().unwrap()) as usize;
    let mut parts = Parts {
        locals: Vec::new(),
        centrals: Vec::new(),
    };
    for e in index.entries() {
        let start = e.data_offset as usize - LOCAL_LEN - e.name.len();
        let end = (e.data_offset + e.compressed_size) as usize;
        parts.locals.push(bytes[start..end].to_vec());
        let central_end = central_at + CENTRAL_LEN + e.name.len();
        parts.centrals.push(bytes[central_at..central_end].to_vec());
        central_at = central_end;
    }
    parts
}

/// The parts back into a file, every offset and count made consistent again.
fn join(parts: &Parts, comment: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (local, header) in parts.locals.iter().zip(&parts.centrals) {
        let mut header = header.clone();
        header[42..46].copy_from_slice(&(out.len() as u32).to_le_bytes());
        central.extend_from_slice(&header);
        out.extend_from_slice(local);
    }
    let count = (parts.locals.len() as u16).to_le_bytes();
    let (size, offset) = (central.len() as u32, out.len() as u32);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]); // this disk, the directory's disk
    out.extend_from_slice(&[count, count].concat());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&offset.to_le_bytes());
    out.extend_from_slice(&(comment.len() as u16).to_le_bytes());
    out.extend_from_slice(comment);
    out
}

/// One random mutation of `bundle`: what was done, and the mutant.
pub fn mutate(bundle: &[u8], rng: &mut Rng) -> (String, Vec<u8>) {
    let mut b = bundle.to_vec();
    let len = b.len();
    match rng.below(10) {
        0 => {
            let n = 1 + rng.below(4);
            for _ in 0..n {
                let at = rng.below(len);
                b[at] ^= 1 + rng.below(255) as u8;
            }
            (format!("{n} byte(s) changed"), b)
        }
        1 => {
            let at = rng.below(len);
            b.truncate(at);
            (format!("cut to {at} bytes"), b)
        }
        2 => {
            let (at, n) = (rng.below(len + 1), 1 + rng.below(64));
            b.splice(at..at, rng.bytes(n));
            (format!("{n} bytes inserted at {at}"), b)
        }
        3 => {
            let at = rng.below(len);
            let end = (at + 1 + rng.below(64)).min(len);
            b.drain(at..end);
            (format!("bytes {at}..{end} removed"), b)
        }
        4 => {
            let at = rng.below(len);
            b[at..].fill(0);
            (format!("zeroed from {at} (a fake-capacity stick)"), b)
        }
        5 => {
            let (from, to) = (rng.below(len), rng.below(len));
            let n = (1 + rng.below(256)).min(len - from).min(len - to);
            b.copy_within(from..from + n, to);
            (format!("{n} bytes from {from} copied over {to}"), b)
        }
        6 => {
            let mut parts = split(bundle);
            let i = rng.below(parts.locals.len());
            parts.locals.push(parts.locals[i].clone());
            parts.centrals.push(parts.centrals[i].clone());
            (format!("entry {i} duplicated"), join(&parts, &[]))
        }
        7 => {
            let mut parts = split(bundle);
            let i = rng.below(parts.locals.len());
            parts.locals.remove(i);
            parts.centrals.remove(i);
            (format!("entry {i} removed"), join(&parts, &[]))
        }
        8 => {
            let at = rng.below(len);
            let bit = rng.below(8);
            b[at] ^= 1 << bit;
            (format!("bit {bit} of byte {at} flipped"), b)
        }
        // Changes that leave every byte an import reads as it was: the bundle must be
        // applied as if untouched. One slot of ten, since each costs a whole import.
        _ if rng.below(2) == 0 => {
            let mut parts = split(bundle);
            let n = parts.locals.len();
            let (i, j) = (rng.below(n), rng.below(n - 1));
            let j = if j >= i { j + 1 } else { j };
            parts.locals.swap(i, j);
            parts.centrals.swap(i, j);
            (format!("entries {i} and {j} swapped"), join(&parts, &[]))
        }
        _ => {
            let n = 1 + rng.below(100);
            let comment = rng.bytes(n);
            (
                format!("a {n}-byte archive comment"),
                join(&split(bundle), &comment),
            )
        }
    }
}
