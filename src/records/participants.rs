//! Who took part, ticked in one go (issue 15, item 1): the members of a team who took
//! part in an activity, or who attended a training, saved as one change of the list
//! rather than one dialog a person (the demo's 530 participations would be 530 dialogs,
//! and clerks would skip them: C3, C7 and the training figures would then be wrong).
//!
//! [`Store::set_participants`] makes the list of an event for one team what was ticked:
//! the links of newly ticked members are created, those of members no longer ticked are
//! deleted (tombstones that travel like any change), the others stay as they are, all in
//! one transaction. [`Store::participants_ticked`] gives what the dialog opens with: the
//! event's own list, or for a new one the people of the team's previous event.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Value as Json};

use super::{Fields, ListQuery, Record};
use crate::error::{Error, Result};
use crate::kinds;
use crate::Store;

/// What a change of the list did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Roll {
    pub added: usize,
    pub removed: usize,
    pub kept: usize,
}

/// The two lists: which link kind, its field naming the event, and the event's kind.
struct Event {
    link: &'static str,
    field: &'static str,
    kind: &'static str,
    date_field: &'static str,
}

fn event(kind: &str) -> Result<Event> {
    match kind {
        "activity" => Ok(Event {
            link: "activity_participant",
            field: "activity_id",
            kind: "activity",
            date_field: "activity_date",
        }),
        "training" => Ok(Event {
            link: "training_attendance",
            field: "training_id",
            kind: "training",
            date_field: "start_date",
        }),
        _ => Err(Error::invalid(
            "kind",
            "Loại",
            "chỉ ghi người tham gia cho hoạt động hoặc lớp tập huấn",
        )),
    }
}

impl Store {
    /// Makes the people of `team_id` who took part in the activity or training
    /// `event_id` exactly `members` (ids of live members of that team). A training's new
    /// attendees are recorded with the result "Đạt", which the clerk can change on each
    /// line. Members of other teams in the same training are left as they are.
    pub fn set_participants(
        &mut self,
        kind: &str,
        event_id: &str,
        team_id: &str,
        members: &[String],
    ) -> Result<Roll> {
        let ev = event(kind)?;
        let event = self.get(ev.kind, event_id)?;
        if ev.kind == "activity" && event.text("team_id") != Some(team_id) {
            return Err(Error::invalid(
                "team_id",
                "Tổ",
                "hoạt động này là của tổ khác; hãy mở trang của tổ đó",
            ));
        }
        let team_members = self.team_member_ids(team_id)?;
        let wanted: BTreeSet<&str> = members.iter().map(String::as_str).collect();
        if let Some(stranger) = wanted.iter().find(|m| !team_members.contains(**m)) {
            return Err(Error::invalid(
                "member_id",
                "Thành viên",
                format!("{stranger} không phải thành viên đang tham gia của tổ; hãy chọn lại trong danh sách"),
            ));
        }
        let current: Vec<Record> = self
            .list(ev.link, &ListQuery::children_of(ev.field, event_id))?
            .into_iter()
            .filter(|r| {
                r.text("member_id")
                    .is_some_and(|m| team_members.contains(m))
            })
            .collect();
        let had: BTreeSet<String> = current
            .iter()
            .filter_map(|r| r.text("member_id").map(str::to_string))
            .collect();
        let link = kinds::by_name_or_err(ev.link)?;
        let mut roll = Roll::default();
        self.write_batch(|w| {
            for r in &current {
                match r.text("member_id") {
                    Some(m) if wanted.contains(m) => roll.kept += 1,
                    _ => {
                        w.delete(link, &r.id)?;
                        roll.removed += 1;
                    }
                }
            }
            for m in wanted.iter().filter(|m| !had.contains(**m)) {
                let mut fields = Fields::new();
                fields.insert(ev.field.into(), json!(event_id));
                fields.insert("member_id".into(), json!(m));
                if ev.link == "training_attendance" {
                    fields.insert("result".into(), json!("dat"));
                }
                w.create(link, &fields)?;
                roll.added += 1;
            }
            Ok(())
        })?;
        Ok(roll)
    }

    /// The members of `team_id` to show ticked for the event `event_id`: those recorded
    /// for it, or, when none is, those of the team's latest earlier event of the same kind
    /// (last week's patrol is mostly this week's).
    pub fn participants_ticked(
        &self,
        kind: &str,
        event_id: &str,
        team_id: &str,
    ) -> Result<Vec<String>> {
        let ev = event(kind)?;
        let team_members = self.team_member_ids(team_id)?;
        let of = |id: &str| -> Result<Vec<String>> {
            Ok(self
                .list(ev.link, &ListQuery::children_of(ev.field, id))?
                .into_iter()
                .filter_map(|r| r.text("member_id").map(str::to_string))
                .filter(|m| team_members.contains(m))
                .collect())
        };
        let own = of(event_id)?;
        if !own.is_empty() {
            return Ok(own);
        }
        let this = self.get(ev.kind, event_id)?;
        let date = |r: &Record| {
            r.text(ev.date_field)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        let when = date(&this);
        // An activity's earlier ones are the team's own (not every team's activities of
        // the commune, read and thrown away); trainings are shared, so all of them.
        let scope = match ev.kind {
            "activity" => ListQuery::children_of("team_id", team_id),
            _ => ListQuery::default(),
        };
        let mut earlier: Vec<Record> = self
            .list(ev.kind, &scope)?
            .into_iter()
            .filter(|r| r.id != event_id && date(r) <= when)
            .collect();
        earlier.sort_by_key(|r| std::cmp::Reverse((date(r), r.id.clone())));
        for previous in earlier {
            let people = of(&previous.id)?;
            if !people.is_empty() {
                return Ok(people);
            }
        }
        Ok(Vec::new())
    }

    /// The ids of the team's members who have not left.
    fn team_member_ids(&self, team_id: &str) -> Result<BTreeSet<String>> {
        Ok(self
            .list("member", &ListQuery::children_of("team_id", team_id))?
            .into_iter()
            .filter(|m| m.fields.get("exit_date").is_none_or(Json::is_null))
            .map(|m| m.id)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::installation::Role;
    use crate::units::UnitSet;

    fn fields(v: Json) -> Fields {
        v.as_object().unwrap().clone()
    }

    fn setup() -> (Store, String, Vec<String>) {
        let mut s = Store::open_in_memory().unwrap();
        s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let team = s
            .create(
                "team",
                &fields(
                    json!({"name": "Tổ 1", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
                ),
            )
            .unwrap()
            .id;
        let members = ["An", "Bình", "Cường", "Dũng"]
            .iter()
            .map(|n| {
                s.create(
                    "member",
                    &fields(
                        json!({"team_id": team, "full_name": format!("Nguyễn Văn {n}"),
                                   "role": "to_vien", "sex": "nam"}),
                    ),
                )
                .unwrap()
                .id
            })
            .collect();
        (s, team, members)
    }

    fn patrol(s: &mut Store, team: &str, day: &str) -> String {
        s.create(
            "activity",
            &fields(json!({"team_id": team, "activity_type": "tuan_tra", "activity_date": day})),
        )
        .unwrap()
        .id
    }

    #[test]
    fn a_list_is_ticked_in_one_go_and_changed_in_one_go() {
        let (mut s, team, m) = setup();
        let first = patrol(&mut s, &team, "2026-11-01");
        let roll = s
            .set_participants("activity", &first, &team, &m[..3])
            .unwrap();
        assert_eq!(
            roll,
            Roll {
                added: 3,
                removed: 0,
                kept: 0
            }
        );
        // One more, one fewer.
        let roll = s
            .set_participants(
                "activity",
                &first,
                &team,
                &[m[0].clone(), m[1].clone(), m[3].clone()],
            )
            .unwrap();
        assert_eq!(
            roll,
            Roll {
                added: 1,
                removed: 1,
                kept: 2
            }
        );
        let mut ticked = s.participants_ticked("activity", &first, &team).unwrap();
        ticked.sort();
        let mut want = vec![m[0].clone(), m[1].clone(), m[3].clone()];
        want.sort();
        assert_eq!(ticked, want);
        // The next patrol opens with last time's people ticked.
        let second = patrol(&mut s, &team, "2026-11-08");
        let mut ticked = s.participants_ticked("activity", &second, &team).unwrap();
        ticked.sort();
        assert_eq!(ticked, want);
    }

    #[test]
    fn a_member_of_another_team_or_a_wrong_event_is_refused_and_nothing_changes() {
        let (mut s, team, m) = setup();
        let other = s
            .create(
                "team",
                &fields(
                    json!({"name": "Tổ 2", "model_type": "to_bao_ve_antt", "status": "hoat_dong"}),
                ),
            )
            .unwrap()
            .id;
        let stranger = s
            .create(
                "member",
                &fields(json!({"team_id": other, "full_name": "Trần Văn Lạ", "role": "to_vien", "sex": "nam"})),
            )
            .unwrap()
            .id;
        let p = patrol(&mut s, &team, "2026-11-01");
        s.set_participants("activity", &p, &team, &[m[0].clone()])
            .unwrap();
        let err = s
            .set_participants("activity", &p, &team, &[m[1].clone(), stranger])
            .unwrap_err();
        assert!(matches!(err, Error::Invalid(_)), "{err}");
        assert_eq!(
            s.participants_ticked("activity", &p, &team).unwrap(),
            vec![m[0].clone()]
        );
        assert!(
            s.set_participants("activity", &p, &other, &[]).is_err(),
            "another team's activity"
        );
        assert!(s.set_participants("member", &p, &team, &[]).is_err());
    }

    #[test]
    fn a_training_s_new_attendees_have_passed_and_other_teams_stay() {
        let (mut s, team, m) = setup();
        let course = s
            .create(
                "training",
                &fields(json!({"title": "Tập huấn nghiệp vụ 2026", "start_date": "2026-10-01"})),
            )
            .unwrap()
            .id;
        let roll = s.set_participants("training", &course, &team, &m).unwrap();
        assert_eq!(roll.added, 4);
        let rows = s
            .list(
                "training_attendance",
                &ListQuery::children_of("training_id", &course),
            )
            .unwrap();
        assert!(rows.iter().all(|r| r.text("result") == Some("dat")));
    }
}
