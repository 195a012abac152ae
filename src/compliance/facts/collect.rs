//! Computing the facts of a scope's teams from the records: one query per table and
//! rule, by index seeks for a few stale teams or grouped scans for all of them.

use std::collections::HashMap;

use rusqlite::Connection;

use super::{
    day, day_of, names_a_team, Day, EquipmentFacts, MemberFacts, TeamFacts, NO_DAY, NO_HOLDER,
};
use crate::compliance::{text, IdKey};
use crate::dates::PartialDate;
use crate::error::Result;
use crate::kinds;

/// Which teams a rebuild reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// Every team: one grouped scan of each table.
    All,
    /// The teams in `team_facts_stale`: index seeks on each.
    Stale,
}

impl Scope {
    /// The condition that keeps a query to the scope's teams, on `column`.
    fn on(self, column: &str) -> String {
        match self {
            Scope::All => String::new(),
            Scope::Stale => format!(" AND {column} IN (SELECT team_id FROM team_facts_stale)"),
        }
    }
}

/// Computes the facts of the scope's teams (every team not deleted, whatever its
/// status: a status change marks the team stale anyway) from the records.
pub(super) fn collect(conn: &Connection, scope: Scope) -> Result<HashMap<String, TeamFacts>> {
    let mut facts: HashMap<String, TeamFacts> = HashMap::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT id FROM teams WHERE deleted = 0{}",
            scope.on("id")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            facts.insert(text(r, 0)?.to_string(), TeamFacts::default());
        }
    }

    // Counts of rows that hold whatever the day.
    let mut count_into = |table: &str, set: fn(&mut TeamFacts, u32)| -> Result<()> {
        let mut stmt = conn.prepare(&format!(
            "SELECT team_id, count(*) FROM {table} WHERE deleted = 0{} GROUP BY team_id",
            scope.on("team_id")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(f) = facts.get_mut(text(r, 0)?) {
                set(f, r.get::<_, i64>(1)? as u32);
            }
        }
        Ok(())
    };
    count_into("regulations", |f, n| f.regulations = n)?;
    count_into("duties", |f, n| f.duties = n)?;
    count_into("programme_links", |f, n| f.programmes = n)?;

    // Dated rows: their days, counted later in the windows of the day asked for.
    let mut days_into = |sql: &str, push: fn(&mut TeamFacts, Day, Day)| -> Result<()> {
        let mut stmt = conn.prepare(&format!("{sql}{}", scope.on("team_id")))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(f) = facts.get_mut(text(r, 0)?) {
                let a = r
                    .get_ref(1)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?;
                let b = r
                    .get_ref(2)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?;
                push(
                    f,
                    a.and_then(day).unwrap_or(NO_DAY),
                    b.and_then(day).unwrap_or(NO_DAY),
                );
            }
        }
        Ok(())
    };
    days_into(
        "SELECT team_id, activity_date, NULL FROM activities
          WHERE deleted = 0 AND activity_type = 'tuyen_truyen'",
        |f, d, _| f.propaganda.push(d),
    )?;
    days_into(
        "SELECT team_id, entry_date, NULL FROM fund_entries
          WHERE deleted = 0 AND direction = 'thu' AND source = 'dong_gop_nhan_dan'",
        |f, d, _| f.contributions.push(d),
    )?;
    days_into(
        "SELECT team_id, inspection_date, NULL FROM inspections WHERE deleted = 0",
        |f, d, _| f.inspections.push(d),
    )?;
    days_into(
        "SELECT team_id, decision_date, NULL FROM commendations WHERE deleted = 0",
        |f, d, _| f.commendations.push(d),
    )?;
    days_into(
        "SELECT p.team_id, p.proposal_date,
                (SELECT min(c.decision_date) FROM commendations c
                  WHERE c.proposal_id = p.id AND c.deleted = 0)
           FROM commendation_proposals p WHERE p.deleted = 0",
        |f, proposed, granted| f.proposals.push((proposed, granted)),
    )?;

    // C1: the most complete founding decision.
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT team_id, state IN ('da_ky', 'da_cap_so'), number IS NOT NULL, scan_sha256 IS NOT NULL
               FROM decisions WHERE deleted = 0 AND decision_type = 'thanh_lap'{}",
            scope.on("team_id")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(f) = facts.get_mut(text(r, 0)?) {
                let new = (r.get::<_, bool>(1)?, r.get(2)?, r.get(3)?);
                let score = |x: (bool, bool, bool)| x.0 as u8 + x.1 as u8 + x.2 as u8;
                if f.founding.is_none_or(|old| score(new) > score(old)) {
                    f.founding = Some(new);
                }
            }
        }
    }

    // C2: the newest change among the team and every record that names it, made by the
    // team's own unit: a district's inspection of a team is not the commune keeping its
    // records up to date. One index seek per team and table, on (team_id, owner, hlc).
    {
        let mut sql = String::from("SELECT t.id, max(t.hlc");
        for kind in kinds::ALL {
            if names_a_team(kind) {
                sql.push_str(&format!(
                    ", coalesce((SELECT max(x.hlc) FROM {} x WHERE x.team_id = t.id AND x.owner = t.owner), 0)",
                    kind.table
                ));
            }
        }
        sql.push_str(") FROM teams t WHERE t.deleted = 0");
        sql.push_str(&scope.on("t.id"));
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(f) = facts.get_mut(text(r, 0)?) {
                f.last_change_hlc = r.get(1)?;
            }
        }
    }

    // C3: the members, then the training days of each.
    let mut member_slot: HashMap<IdKey, (String, usize)> = HashMap::new();
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT team_id, id, exit_date, health_cert_date, education,
                    birth_date, age_exception IS NOT NULL, role = 'to_truong'
               FROM members WHERE deleted = 0{}",
            scope.on("team_id")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let team = text(r, 0)?;
            let Some(f) = facts.get_mut(team) else {
                continue;
            };
            let exit = r
                .get_ref(2)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
                .map_or(NO_DAY, |d| day(d).unwrap_or(NO_DAY));
            let education = r
                .get_ref(4)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
                .and_then(|e| kinds::EDUCATION_LEVELS.iter().position(|(c, _)| *c == e))
                .map_or(-1, |i| i as i8);
            let birth = r
                .get_ref(5)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
                .and_then(|b| PartialDate::from_iso(b).ok())
                .map_or((NO_DAY, NO_DAY), |b| {
                    (day_of(b.earliest()), day_of(b.latest()))
                });
            member_slot.insert(IdKey::of(text(r, 1)?), (team.to_string(), f.members.len()));
            let health = r
                .get_ref(3)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
                .map_or(NO_DAY, |d| day(d).unwrap_or(NO_DAY));
            f.members.push(MemberFacts {
                exit,
                health,
                education,
                leader: r.get::<_, Option<bool>>(7)?.unwrap_or(false),
                birth,
                age_exception: r.get(6)?,
                trained: Vec::new(),
                absent: Vec::new(),
            });
        }
    }
    {
        // Every attendance of a training not deleted, attended or missed. For all
        // teams, the trainings lead (the attendance index holds what is read); for a
        // few teams, their members' attendances do.
        let sql = match scope {
            Scope::All => {
                "SELECT a.member_id, tr.start_date, a.result = 'vang' FROM trainings tr
                   CROSS JOIN training_attendances a ON a.training_id = tr.id
                  WHERE tr.deleted = 0 AND a.deleted = 0"
            }
            Scope::Stale => {
                "SELECT a.member_id, tr.start_date, a.result = 'vang' FROM training_attendances a
                   JOIN trainings tr ON tr.id = a.training_id
                  WHERE tr.deleted = 0 AND a.deleted = 0
                    AND a.member_id IN (SELECT id FROM members
                          WHERE team_id IN (SELECT team_id FROM team_facts_stale))"
            }
        };
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some((team, i)) = member_slot.get(&IdKey::of(text(r, 0)?)) else {
                continue;
            };
            let Some(d) = r
                .get_ref(1)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
                .and_then(day)
            else {
                continue;
            };
            if let Some(f) = facts.get_mut(team) {
                let m = &mut f.members[*i];
                if r.get::<_, Option<bool>>(2)?.unwrap_or(false) {
                    m.absent.push(d);
                } else {
                    m.trained.push(d);
                }
            }
        }
    }

    // C7: each item issued, to a member of the team (by their place in its list) or to
    // the team's store.
    {
        let mut stmt = conn.prepare(&format!(
            "SELECT team_id, issue_date, returned_date, item, quantity, member_id
               FROM equipment_issues WHERE deleted = 0{}",
            scope.on("team_id")
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let team = text(r, 0)?;
            let Some(f) = facts.get_mut(team) else {
                continue;
            };
            let day_at = |i: usize| -> rusqlite::Result<Day> {
                Ok(r.get_ref(i)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?
                    .and_then(day)
                    .unwrap_or(NO_DAY))
            };
            let item = r
                .get_ref(3)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
                .and_then(|c| kinds::EQUIPMENT_ITEMS.iter().position(|(k, _)| *k == c))
                .map_or(-1, |i| i as i8);
            // A member of another team holds it for that team's count, not this one's.
            let holder = match r
                .get_ref(5)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?
            {
                Some(m) => match member_slot.get(&IdKey::of(m)) {
                    Some((t, i)) if t == team => *i as u32,
                    _ => NO_HOLDER,
                },
                None => NO_HOLDER,
            };
            f.equipment.push(EquipmentFacts {
                issued: day_at(1)?,
                returned: day_at(2)?,
                item,
                quantity: r
                    .get::<_, Option<i64>>(4)?
                    .unwrap_or(0)
                    .clamp(0, u32::MAX as i64) as u32,
                holder,
            });
        }
    }

    // Sorted lists pack the same whichever order the rows came in.
    for f in facts.values_mut() {
        for days in [
            &mut f.propaganda,
            &mut f.contributions,
            &mut f.inspections,
            &mut f.commendations,
        ] {
            days.sort_unstable();
        }
        f.proposals.sort_unstable();
        for m in &mut f.members {
            for days in [&mut m.trained, &mut m.absent] {
                days.sort_unstable();
                days.dedup();
            }
        }
        // Members in their sorted order, the equipment's holders following them.
        let mut order: Vec<usize> = (0..f.members.len()).collect();
        order.sort_by(|a, b| f.members[*a].cmp(&f.members[*b]));
        let mut place = vec![0u32; order.len()];
        for (new, old) in order.iter().enumerate() {
            place[*old] = new as u32;
        }
        let mut members: Vec<Option<MemberFacts>> = std::mem::take(&mut f.members)
            .into_iter()
            .map(Some)
            .collect();
        f.members = order.iter().filter_map(|i| members[*i].take()).collect();
        for e in &mut f.equipment {
            if e.holder != NO_HOLDER {
                e.holder = place[e.holder as usize];
            }
        }
        f.equipment.sort_unstable();
    }
    Ok(facts)
}
