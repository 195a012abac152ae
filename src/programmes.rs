//! Programmes on the commune's territory and where they overlap (issue 16): the scheme's
//! notice asks the commune to integrate its teams with the programmes running there
//! "without overlap". Two programmes that ask one team the same duty (its links name the
//! duty) overlap: the dashboard asks the commune to agree on one of them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::dates::iso;
use crate::error::Result;
use crate::kinds::{choice_label, ACTIVITY_TYPES, PROGRAMMES};
use crate::Store;

/// One team asked the same duty by two programmes or more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overlap {
    pub team_id: String,
    pub team_name: String,
    pub duty: String,
    pub duty_label: String,
    /// The programmes' names (the commune's own programme where the link names one,
    /// else the kind's), in the order of their links.
    pub programmes: Vec<String>,
}

impl Store {
    /// The overlaps among the links of live teams to programmes running on `on` (a link
    /// to a programme that has ended, or that starts later, does not count).
    pub fn programme_overlaps(&self, on: NaiveDate) -> Result<Vec<Overlap>> {
        let mut stmt = self.conn().prepare(
            "SELECT t.id, t.name, l.duty, l.programme, p.name
               FROM programme_links l
               JOIN teams t ON t.id = l.team_id AND t.deleted = 0
               LEFT JOIN programmes p ON p.id = l.programme_id AND p.deleted = 0
              WHERE l.deleted = 0 AND l.duty IS NOT NULL
                AND (p.id IS NULL OR (p.start_date <= ?1
                                      AND (p.end_date IS NULL OR p.end_date >= ?1)))
              ORDER BY t.sort_key, t.id, l.duty, l.hlc",
        )?;
        let rows = stmt.query_map([iso(on)], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut out: Vec<Overlap> = Vec::new();
        for row in rows {
            let (team_id, team_name, duty, kind, name) = row?;
            let programme = name.unwrap_or_else(|| choice_label(PROGRAMMES, &kind));
            match out.last_mut() {
                Some(o) if o.team_id == team_id && o.duty == duty => {
                    if !o.programmes.contains(&programme) {
                        o.programmes.push(programme);
                    }
                }
                _ => out.push(Overlap {
                    duty_label: choice_label(ACTIVITY_TYPES, &duty),
                    team_id,
                    team_name,
                    duty,
                    programmes: vec![programme],
                }),
            }
        }
        out.retain(|o| o.programmes.len() > 1);
        Ok(out)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::json;

    use crate::installation::Role;
    use crate::sync::tests::fields;
    use crate::units::UnitSet;
    use crate::Store;

    /// Phường Phúc Xá (00001) with one active team, "Tổ Đông": the store and its id.
    pub(crate) fn commune_with_team() -> (Store, String) {
        let mut s = Store::open_in_memory().unwrap();
        s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let team = s
            .create(
                "team",
                &fields(json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt", "status": "hoat_dong"})),
            )
            .unwrap()
            .id;
        (s, team)
    }

    /// A programme on the commune's territory led by "UBND phường", from `start` (to
    /// `end`): its id.
    pub(crate) fn add_programme(
        s: &mut Store,
        kind: &str,
        name: &str,
        start: &str,
        end: Option<&str>,
    ) -> String {
        let mut f = json!({"programme": kind, "name": name, "lead_organisation": "UBND phường",
                           "start_date": start});
        if let Some(end) = end {
            f["end_date"] = json!(end);
        }
        s.create("programme", &fields(f)).unwrap().id
    }

    #[test]
    fn two_running_programmes_asking_a_team_the_same_duty_overlap() {
        let on = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let (mut s, team) = commune_with_team();
        let programme = |s: &mut Store, kind: &str, name: &str, end: Option<&str>| {
            add_programme(s, kind, name, "01/01/2025", end)
        };
        let culture = programme(
            &mut s,
            "doi_song_van_hoa",
            "Khu dân cư văn hóa 2025–2030",
            None,
        );
        let kheo = programme(&mut s, "dan_van_kheo", "Dân vận khéo 2025", None);
        let ended = programme(&mut s, "mttq", "Ngày hội 2025", Some("31/12/2025"));
        let link = |s: &mut Store, kind: &str, id: &str, duty: &str| {
            s.create(
                "programme_link",
                &fields(
                    json!({"team_id": team, "programme": kind, "programme_id": id, "duty": duty}),
                ),
            )
            .unwrap();
        };
        link(&mut s, "doi_song_van_hoa", &culture, "tuyen_truyen");
        link(&mut s, "dan_van_kheo", &kheo, "hoa_giai");
        link(&mut s, "mttq", &ended, "hoa_giai");
        // A duty asked once, and one asked again by a programme that has ended: no overlap.
        assert!(s.programme_overlaps(on).unwrap().is_empty());
        link(&mut s, "dan_van_kheo", &kheo, "tuyen_truyen");
        let overlaps = s.programme_overlaps(on).unwrap();
        assert_eq!(overlaps.len(), 1, "{overlaps:?}");
        assert_eq!(overlaps[0].duty_label, "Tuyên truyền");
        assert_eq!(
            overlaps[0].programmes,
            ["Khu dân cư văn hóa 2025–2030", "Dân vận khéo 2025"]
        );
        // While the ended one ran, it overlapped too.
        let then = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        assert_eq!(s.programme_overlaps(then).unwrap().len(), 2);
    }
}
