//! What the window's dashboard shows: counts, compliance at a glance, villages without a
//! team, and the next things to do, in words.

use chrono::NaiveDate;
use serde::Serialize;

use crate::compliance::{ComplianceReport, Status};
use crate::dates;
use crate::error::Result;
use crate::installation::Installation;
use crate::Store;

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub villages: u64,
    pub teams: u64,
    pub active_teams: u64,
    pub members: u64,
    pub activities_last_30_days: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct VillageRef {
    pub id: String,
    pub name: String,
}

/// One thing to do, pointing at the record it concerns.
#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    pub text: String,
    /// `village`, `team` or `sync`.
    pub kind: &'static str,
    pub id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub installation: Installation,
    pub on: NaiveDate,
    pub counts: Counts,
    pub compliance: ComplianceReport,
    pub villages_without_team: Vec<VillageRef>,
    pub next_steps: Vec<NextStep>,
    /// The last automatic backup and the last copy off the laptop (issue 14).
    pub backups: crate::backup::daily::BackupStatus,
}

/// The villages of `owner` that no active team covers, in Vietnamese order.
pub(crate) fn villages_without_team(
    conn: &rusqlite::Connection,
    owner: &str,
) -> Result<Vec<VillageRef>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.name FROM villages v
         WHERE v.deleted = 0 AND v.owner = ?1 AND NOT EXISTS (
             SELECT 1 FROM team_villages tv JOIN teams t ON t.id = tv.team_id
             WHERE tv.village_id = v.id AND tv.deleted = 0 AND t.deleted = 0 AND t.status = 'hoat_dong')
         ORDER BY v.sort_key",
    )?;
    let rows = stmt.query_map([owner], |r| {
        Ok(VillageRef {
            id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inspections of `owner`'s active teams (`teams`, from the compliance pass) that are
/// overdue as the receiving unit counts them ([`crate::receiver::inspections`]), oldest
/// deadline first, as steps to take.
fn overdue_inspections(
    conn: &rusqlite::Connection,
    owner: &str,
    teams: &[crate::compliance::TeamCompliance],
    on: NaiveDate,
) -> Result<Vec<NextStep>> {
    let names: std::collections::HashMap<&str, &str> = teams
        .iter()
        .filter(|t| t.owner == owner)
        .map(|t| (t.team_id.as_str(), t.team_name.as_str()))
        .collect();
    let mut overdue: Vec<_> = crate::receiver::inspections(conn, on, None)?
        .into_iter()
        .filter(|i| i.overdue && names.contains_key(i.team_id.as_str()))
        .collect();
    overdue.sort_by(|a, b| (a.deadline, &a.id).cmp(&(b.deadline, &b.id)));
    Ok(overdue
        .into_iter()
        .map(|i| NextStep {
            text: format!(
                "{}: lần kiểm tra ngày {} của {} đã quá hạn khắc phục ({}) mà chưa có kết quả; hãy ghi báo cáo khắc phục ở thẻ Kiểm tra của tổ.",
                names[i.team_id.as_str()],
                dates::vn(i.date),
                i.inspecting_unit,
                i.deadline.map(dates::vn).unwrap_or_default()
            ),
            kind: "team",
            id: Some(i.team_id),
        })
        .collect())
}

/// At most this many steps are listed: the first ones matter, a long list is not read.
const MAX_STEPS: usize = 12;

impl Store {
    pub fn dashboard(&self, on: NaiveDate) -> Result<Dashboard> {
        let installation = self.installation()?;
        let conn = self.conn();
        let count = |sql: &str| -> Result<u64> {
            Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
        };
        let since = (on - chrono::Days::new(30)).format("%Y-%m-%d").to_string();
        let counts = Counts {
            villages: count("SELECT count(*) FROM villages WHERE deleted = 0")?,
            teams: count("SELECT count(*) FROM teams WHERE deleted = 0")?,
            active_teams: count(
                "SELECT count(*) FROM teams WHERE deleted = 0 AND status = 'hoat_dong'",
            )?,
            members: count("SELECT count(*) FROM members WHERE deleted = 0 AND exit_date IS NULL")?,
            activities_last_30_days: conn.query_row(
                "SELECT count(*) FROM activities WHERE deleted = 0 AND activity_date >= ?1",
                [&since],
                |r| r.get::<_, i64>(0),
            )? as u64,
        };
        let compliance = self.compliance(on)?;
        let villages_without_team = villages_without_team(conn, &installation.unit_code)?;
        let mut next_steps = Vec::new();
        for v in &villages_without_team {
            next_steps.push(NextStep {
                text: format!(
                    "{} chưa có tổ: hãy thành lập tổ hoặc gắn thôn vào một tổ.",
                    v.name
                ),
                kind: "village",
                id: Some(v.id.clone()),
            });
        }
        // Two programmes asking one team the same duty: the notice asks for one.
        for o in self.programme_overlaps(on)? {
            next_steps.push(NextStep {
                text: format!(
                    "{}: nhiệm vụ \"{}\" được giao trùng trong {} chương trình ({}): hãy thống nhất một đầu mối.",
                    o.team_name,
                    o.duty_label,
                    o.programmes.len(),
                    o.programmes.join("; ")
                ),
                kind: "team",
                id: Some(o.team_id),
            });
        }
        // The teams furthest from the rules first, and within a team its first unmet rule.
        let mut teams: Vec<_> = compliance.teams.iter().collect();
        teams.sort_by_key(|t| t.met);
        for team in teams {
            if let Some(rule) = team.rules.iter().find(|r| r.status != Status::Met) {
                next_steps.push(NextStep {
                    text: format!(
                        "{} — {} ({}): {}",
                        team.team_name, rule.rule, rule.title, rule.detail
                    ),
                    kind: "team",
                    id: Some(team.team_id.clone()),
                });
            }
        }
        // Inspections of our teams (ours or a superior's) past their deadline with no
        // result written: the superior counts them as overdue until we report.
        let overdue = overdue_inspections(conn, &installation.unit_code, &compliance.teams, on)?;
        next_steps.splice(0..0, overdue);
        let last_export = self.last_exported_seq()?;
        let seq_last: i64 =
            conn.query_row("SELECT seq_last FROM installation", [], |r| r.get(0))?;
        if seq_last > last_export {
            next_steps.insert(
                0,
                NextStep {
                    text: format!(
                        "Có {} thay đổi chưa gửi: hãy xuất gói dữ liệu ra USB.",
                        seq_last - last_export
                    ),
                    kind: "sync",
                    id: None,
                },
            );
        }
        next_steps.truncate(MAX_STEPS);
        Ok(Dashboard {
            installation,
            on,
            counts,
            compliance,
            villages_without_team,
            next_steps,
            backups: self.backup_status(on)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::installation::Role;
    use crate::units::UnitSet;
    use serde_json::json;

    #[test]
    fn the_dashboard_lists_villages_without_a_team_and_what_to_do_next() {
        let mut s = Store::open_in_memory().unwrap();
        s.init(Role::Commune, UnitSet::Y2008, "00001").unwrap();
        let village = |s: &mut Store, name: &str| {
            s.create(
                "village",
                json!({"name": name, "village_type": "thon"})
                    .as_object()
                    .unwrap(),
            )
            .unwrap()
            .id
        };
        let a = village(&mut s, "Thôn Đông");
        village(&mut s, "Thôn Tây");
        let team = s
            .create(
                "team",
                json!({"name": "Tổ Đông", "model_type": "to_bao_ve_antt", "status": "hoat_dong"})
                    .as_object()
                    .unwrap(),
            )
            .unwrap()
            .id;
        s.create(
            "team_village",
            json!({"team_id": team, "village_id": a})
                .as_object()
                .unwrap(),
        )
        .unwrap();
        let d = s.dashboard(chrono::Local::now().date_naive()).unwrap();
        assert_eq!(d.counts.villages, 2);
        assert_eq!(d.counts.active_teams, 1);
        let names: Vec<_> = d
            .villages_without_team
            .iter()
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(names, ["Thôn Tây"]);
        assert_eq!(d.next_steps[0].kind, "sync", "unsent changes come first");
        assert!(d
            .next_steps
            .iter()
            .any(|s| s.kind == "village" && s.text.starts_with("Thôn Tây")));
        assert!(d
            .next_steps
            .iter()
            .any(|s| s.kind == "team" && s.text.contains("C1")));

        // An inspection past its deadline with nothing written: right after sending.
        let on = chrono::Local::now().date_naive();
        let vn = |days: u64| {
            (on - chrono::Days::new(days))
                .format("%d/%m/%Y")
                .to_string()
        };
        let inspection = s
            .create(
                "inspection",
                json!({"team_id": team, "inspection_date": vn(60), "inspecting_unit": "Công an huyện",
                       "recommendations": "Bổ sung hồ sơ", "deadline": vn(10)})
                .as_object()
                .unwrap(),
            )
            .unwrap()
            .id;
        let d = s.dashboard(on).unwrap();
        assert_eq!(d.next_steps[0].kind, "sync");
        let step = &d.next_steps[1];
        assert_eq!(step.id.as_deref(), Some(team.as_str()));
        assert!(
            step.text.starts_with(&format!(
                "Tổ Đông: lần kiểm tra ngày {} của Công an huyện đã quá hạn khắc phục ({})",
                vn(60),
                vn(10)
            )),
            "{}",
            step.text
        );
        // Reported on: the step goes.
        s.create(
            "inspection_follow_up",
            json!({"inspection_id": inspection, "report_date": vn(1), "content": "Đã bổ sung"})
                .as_object()
                .unwrap(),
        )
        .unwrap();
        let d = s.dashboard(on).unwrap();
        assert!(!d
            .next_steps
            .iter()
            .any(|s| s.text.contains("quá hạn khắc phục")));
    }
}
