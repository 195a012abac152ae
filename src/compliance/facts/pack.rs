//! The packed form of [`TeamFacts`] kept in `team_facts.facts`, and reading it back.

use super::{Day, EquipmentFacts, MemberFacts, TeamFacts};

/// Bumped whenever the packed layout or the meaning of a fact changes: facts of another
/// version are recomputed on the next read.
const FORMAT: u8 = 3;

impl TeamFacts {
    /// The packed form kept in `team_facts.facts`: little-endian, lengths before lists.
    pub(crate) fn pack(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            64 + 17 * self.equipment.len() + 24 * self.members.len() + 4 * self.propaganda.len(),
        );
        out.push(FORMAT);
        out.push(match self.founding {
            None => 0,
            Some((signed, numbered, scanned)) => {
                0x80 | signed as u8 | (numbered as u8) << 1 | (scanned as u8) << 2
            }
        });
        out.extend_from_slice(&self.last_change_hlc.to_le_bytes());
        for n in [self.regulations, self.duties, self.programmes] {
            out.extend_from_slice(&n.to_le_bytes());
        }
        for days in [
            &self.propaganda,
            &self.contributions,
            &self.inspections,
            &self.commendations,
        ] {
            put_days(&mut out, days);
        }
        out.extend_from_slice(&(self.proposals.len() as u32).to_le_bytes());
        for (proposed, granted) in &self.proposals {
            out.extend_from_slice(&proposed.to_le_bytes());
            out.extend_from_slice(&granted.to_le_bytes());
        }
        out.extend_from_slice(&(self.equipment.len() as u32).to_le_bytes());
        for e in &self.equipment {
            out.extend_from_slice(&e.issued.to_le_bytes());
            out.extend_from_slice(&e.returned.to_le_bytes());
            out.push(e.item as u8);
            out.extend_from_slice(&e.quantity.to_le_bytes());
            out.extend_from_slice(&e.holder.to_le_bytes());
        }
        out.extend_from_slice(&(self.members.len() as u32).to_le_bytes());
        for m in &self.members {
            out.extend_from_slice(&m.exit.to_le_bytes());
            out.extend_from_slice(&m.health.to_le_bytes());
            out.push(m.education as u8);
            out.push(m.leader as u8);
            out.extend_from_slice(&m.birth.0.to_le_bytes());
            out.extend_from_slice(&m.birth.1.to_le_bytes());
            out.push(m.age_exception as u8);
            put_days(&mut out, &m.trained);
            put_days(&mut out, &m.absent);
        }
        out
    }

    /// The facts from their packed form; `None` if it is of another format or damaged
    /// (the team is then recomputed).
    pub(crate) fn unpack(bytes: &[u8]) -> Option<TeamFacts> {
        let mut r = Reader(bytes);
        if r.u8()? != FORMAT {
            return None;
        }
        let founding = match r.u8()? {
            0 => None,
            b if b & 0x80 != 0 => Some((b & 1 != 0, b & 2 != 0, b & 4 != 0)),
            _ => return None,
        };
        let mut f = TeamFacts {
            founding,
            last_change_hlc: r.i64()?,
            regulations: r.u32()?,
            duties: r.u32()?,
            programmes: r.u32()?,
            propaganda: r.days()?,
            contributions: r.days()?,
            inspections: r.days()?,
            commendations: r.days()?,
            ..TeamFacts::default()
        };
        let n = r.len(8)?;
        f.proposals.reserve(n);
        for _ in 0..n {
            f.proposals.push((r.i32()?, r.i32()?));
        }
        let n = r.len(17)?;
        f.equipment.reserve(n);
        for _ in 0..n {
            f.equipment.push(EquipmentFacts {
                issued: r.i32()?,
                returned: r.i32()?,
                item: r.u8()? as i8,
                quantity: r.u32()?,
                holder: r.u32()?,
            });
        }
        let n = r.len(27)?;
        f.members.reserve(n);
        for _ in 0..n {
            f.members.push(MemberFacts {
                exit: r.i32()?,
                health: r.i32()?,
                education: r.u8()? as i8,
                leader: r.u8()? != 0,
                birth: (r.i32()?, r.i32()?),
                age_exception: r.u8()? != 0,
                trained: r.days()?,
                absent: r.days()?,
            });
        }
        // A holder is one of the members or nobody; anything else is damage.
        let holders_known = f
            .equipment
            .iter()
            .all(|e| e.holder == super::NO_HOLDER || (e.holder as usize) < f.members.len());
        (r.0.is_empty() && holders_known).then_some(f)
    }
}

fn put_days(out: &mut Vec<u8>, days: &[Day]) {
    out.extend_from_slice(&(days.len() as u32).to_le_bytes());
    for d in days {
        out.extend_from_slice(&d.to_le_bytes());
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take::<1>().map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        self.take().map(u32::from_le_bytes)
    }
    fn i32(&mut self) -> Option<i32> {
        self.take().map(i32::from_le_bytes)
    }
    fn i64(&mut self) -> Option<i64> {
        self.take().map(i64::from_le_bytes)
    }
    /// A list length, refused if the rest cannot hold that many items of `min_size`
    /// bytes (so a damaged length cannot ask for a huge allocation).
    fn len(&mut self, min_size: usize) -> Option<usize> {
        let n = self.u32()? as usize;
        (n.checked_mul(min_size)? <= self.0.len()).then_some(n)
    }
    fn days(&mut self) -> Option<Vec<Day>> {
        let n = self.len(4)?;
        (0..n).map(|_| self.i32()).collect()
    }
}
