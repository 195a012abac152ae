//! The world every kill starts from (a commune with demo records, a receiving unit that
//! has enrolled it, bundles the commune wrote), and the operations that are killed, each
//! timed on runs to its end: how long it takes and the states before and after it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::checks::{self, State};
use super::program;

/// The demo's "today": the same records on every run.
const DAY: &str = "15/11/2026";
/// A database named as a user names it (the window's is `xungkich.db`), in folders named
/// as our users name theirs: the copy a restore puts aside is named after it, and its
/// temporary file must still be recognised as ours and cleaned up. Bundles and backups
/// go to a folder, where the program names them itself.
const DB: &str = "sổ tổ.db";
/// A backup taken before the edits that bundle 2 carries: what a restore goes back to.
const OLD_BACKUP: &str = "sao lưu trước khi sửa.db";

/// The demo's size (villages, members per team, activities), and that of the batch
/// of edits: large enough that an operation outlasts the program's start several
/// times over, so most kills land inside its work (the summary says how many did),
/// small enough for 2 cores. A debug build (the short form in `cargo test`) runs the
/// same work about ten times slower than a release one, so it gets a smaller commune;
/// kill moments follow the durations measured in the run either way.
struct Size {
    demo: [&'static str; 3],
    batch: [&'static str; 3],
}

const SIZE: Size = match cfg!(debug_assertions) {
    true => Size {
        demo: ["12", "15", "500"],
        batch: ["4", "15", "150"],
    },
    false => Size {
        demo: ["60", "30", "4000"],
        batch: ["20", "30", "1500"],
    },
};

/// How many times each operation is run to its end to time it (the median is kept: a
/// first run may find a cold cache, and the machine is shared).
const TIMING_RUNS: usize = 3;
/// A run to the end that takes this many times its measured duration (plus a margin
/// for a busy machine) is reported as hung.
const HUNG_FACTOR: u32 = 20;
const HUNG_MARGIN: Duration = Duration::from_secs(30);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Commune,
    Receiver,
}

/// The folders of a world: the prepared one, or a scratch copy of one side of it.
pub struct World {
    pub root: PathBuf,
    /// The bundles the commune wrote, shared by every copy: imports only read them.
    bundles: PathBuf,
}

impl World {
    pub fn dir(&self, side: Side) -> PathBuf {
        self.root.join(match side {
            Side::Commune => "Dữ liệu xã Phúc Xá",
            Side::Receiver => "Dữ liệu huyện Ba Đình",
        })
    }

    pub fn db(&self, side: Side) -> PathBuf {
        self.dir(side).join(DB)
    }

    /// Where exports and backups are written.
    pub fn usb(&self) -> PathBuf {
        self.root.join("USB")
    }

    /// A copy of one side's folder under `root` (files only: fast), and an empty USB.
    pub fn copy_to(&self, side: Side, root: &Path) -> World {
        let copy = World {
            root: root.to_path_buf(),
            bundles: self.bundles.clone(),
        };
        std::fs::create_dir_all(copy.dir(side)).unwrap();
        std::fs::create_dir_all(copy.usb()).unwrap();
        for entry in std::fs::read_dir(self.dir(side)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), copy.dir(side).join(entry.file_name())).unwrap();
        }
        copy
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Import,
    Export,
    Edit,
    Backup,
    Restore,
}

impl Op {
    pub const ALL: [Op; 5] = [Op::Import, Op::Export, Op::Edit, Op::Backup, Op::Restore];

    /// The log the operation writes beside the records: it must agree with them (an
    /// import logged but not applied would be refused as a duplicate forever).
    pub fn ledger(self) -> &'static str {
        match self {
            Op::Import => "SELECT count(*) FROM import_log",
            Op::Export => "SELECT count(*) FROM export_log",
            Op::Edit | Op::Backup | Op::Restore => "SELECT count(*) FROM audit_log",
        }
    }

    /// Whether running it once more after it completed is still meaningful: an edit
    /// that was done is not done again (a deleted team cannot be deleted twice, a demo
    /// is refused over itself).
    pub fn reruns_when_done(self) -> bool {
        self != Op::Edit
    }
}

/// A piece of a command line: text, or a path inside the world it runs in.
#[derive(Clone)]
enum Arg {
    Text(String),
    Usb,
    InDir(Side, &'static str),
    Bundle(&'static str),
}

fn text(args: &[&str]) -> Vec<Arg> {
    args.iter().map(|a| Arg::Text(a.to_string())).collect()
}

/// One operation that is killed, with what it was measured to do.
pub struct Variant {
    pub name: String,
    pub op: Op,
    pub side: Side,
    args: Vec<Arg>,
    pub before: State,
    pub after: State,
    /// Median wall time of a run to the end, process start included: kills are drawn
    /// uniformly in [0, duration].
    pub duration: Duration,
    /// An export's bundle as a run to the end writes it (exports are deterministic).
    pub bundle: Option<Vec<u8>>,
}

impl Variant {
    pub fn args(&self, world: &World) -> Vec<OsString> {
        self.args
            .iter()
            .map(|a| match a {
                Arg::Text(t) => t.into(),
                Arg::Usb => world.usb().into(),
                Arg::InDir(side, name) => world.dir(*side).join(name).into(),
                Arg::Bundle(name) => world.bundles.join(name).into(),
            })
            .collect()
    }

    pub fn db(&self, world: &World) -> PathBuf {
        world.db(self.side)
    }

    pub fn hung_limit(&self) -> Duration {
        self.duration * HUNG_FACTOR + HUNG_MARGIN
    }
}

/// `demo` with a seed and a [`Size`], on the fixed day.
fn demo_args(seed: &str, [villages, members, activities]: [&str; 3]) -> Vec<String> {
    [
        "demo",
        "--seed",
        seed,
        "--villages",
        villages,
        "--members",
        members,
        "--activities",
        activities,
        "--today",
        DAY,
    ]
    .map(String::from)
    .to_vec()
}

/// Builds the world under `root` through the program itself, then measures every
/// operation on copies of it under `scratch`.
pub fn prepare(root: &Path, scratch: &Path) -> (World, Vec<Variant>) {
    let world = World {
        root: root.to_path_buf(),
        bundles: root.join("Gói đã xuất"),
    };
    for dir in [
        world.dir(Side::Commune),
        world.dir(Side::Receiver),
        world.bundles.clone(),
    ] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let commune = world.db(Side::Commune);
    let receiver = world.db(Side::Receiver);
    let bundle = |name: &str| world.bundles.join(name);
    let write = |command: &str, path: PathBuf| -> [OsString; 3] {
        [command.into(), "--out".into(), path.into()]
    };

    // The receiving unit enrols the commune (by the fingerprint the officer compared)
    // on a first, small bundle, so the bundles it imports later are applied at once.
    program::json(&commune, &["init", "--role", "commune", "--unit", "00001"]);
    // The commune trusts the receiving unit's card: its bundles travel sealed.
    program::json(&receiver, &["init", "--role", "district", "--unit", "001"]);
    let card = world.dir(Side::Receiver).join("thẻ.json");
    let card_info = program::json(&receiver, &write("receiver-card", card.clone()));
    let trust: [OsString; 4] = [
        "trust".into(),
        card.into(),
        "--fingerprint".into(),
        card_info["card"]["fingerprint"].as_str().unwrap().into(),
    ];
    program::json(&commune, &trust);
    let village = [
        "add",
        "village",
        "--set",
        "name=Thôn Khởi Đầu",
        "--set",
        "village_type=Thôn",
    ];
    program::json(&commune, &village);
    program::json(&commune, &write("export", bundle("0 đăng ký.zip")));
    let fingerprint = program::json(&commune, &["info"])["fingerprint"].clone();
    let enrol: [OsString; 4] = [
        "import".into(),
        "--enrol".into(),
        fingerprint.as_str().unwrap().into(),
        bundle("0 đăng ký.zip").into(),
    ];
    program::json(&receiver, &enrol);

    program::json(&commune, &demo_args("1", SIZE.demo));
    let old_backup = world.dir(Side::Commune).join(OLD_BACKUP);
    program::json(&commune, &write("backup", old_backup));
    program::json(&commune, &write("export", bundle("1 dữ liệu mẫu.zip")));

    // Edits for an incremental bundle: updated teams and a deleted one (a tombstone
    // with its members).
    let teams: Vec<String> = program::json(&commune, &["list", "team"])["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(teams.len() >= 6, "the demo made {} teams", teams.len());
    for team in &teams[..3] {
        let note = [
            "update",
            "team",
            team,
            "--set",
            "note=Đã kiện toàn tháng 11",
        ];
        program::json(&commune, &note);
    }
    program::json(&commune, &["delete", "team", &teams[3]]);
    program::json(&commune, &write("export", bundle("2 bổ sung.zip")));

    let specs = specs(&teams[4], &teams[5]);
    let variants = specs
        .into_iter()
        .enumerate()
        .map(|(i, spec)| measure(&world, spec, &scratch.join(format!("đo {i}"))))
        .collect();
    (world, variants)
}

struct Spec {
    name: &'static str,
    op: Op,
    side: Side,
    args: Vec<Arg>,
}

fn specs(team_to_update: &str, team_to_delete: &str) -> Vec<Spec> {
    let spec = |name, op, side, args| Spec {
        name,
        op,
        side,
        args,
    };
    // In clear: a sealed file differs at every export (age's fresh keys), and the proof
    // needs the one file a finished export writes, byte for byte, to tell a complete
    // file from a torn one. Sealing is one more step in memory before the same write.
    let mut export = text(&["export", "--full", "--unencrypted", "--out"]);
    export.push(Arg::Usb);
    let mut backup = text(&["backup", "--out"]);
    backup.push(Arg::Usb);
    let restore = vec![
        Arg::Text("restore".into()),
        Arg::InDir(Side::Commune, OLD_BACKUP),
    ];
    let import = vec![
        Arg::Text("import".into()),
        Arg::Bundle("1 dữ liệu mẫu.zip"),
        Arg::Bundle("2 bổ sung.zip"),
    ];
    vec![
        spec("import 2 bundles", Op::Import, Side::Receiver, import),
        spec("export --full", Op::Export, Side::Commune, export),
        // The CLI writes one record per process, except the demo: thousands of records
        // through the same validated writer, in one transaction.
        spec(
            "edit: demo batch",
            Op::Edit,
            Side::Commune,
            demo_args("2", SIZE.batch)
                .into_iter()
                .map(Arg::Text)
                .collect(),
        ),
        spec(
            "edit: update team",
            Op::Edit,
            Side::Commune,
            text(&[
                "update",
                "team",
                team_to_update,
                "--set",
                "name=Tổ bảo vệ an ninh, trật tự thôn Đoàn Kết",
                "--set",
                "note=Bổ sung phương án trực Tết",
            ]),
        ),
        spec(
            "edit: delete team",
            Op::Edit,
            Side::Commune,
            text(&["delete", "team", team_to_delete]),
        ),
        spec("backup", Op::Backup, Side::Commune, backup),
        spec("restore", Op::Restore, Side::Commune, restore),
    ]
}

/// Runs `spec` to its end [`TIMING_RUNS`] times on fresh copies: its duration, the state
/// before and after (every run must agree: the suite's premise is that an operation
/// has one outcome), and an export's bundle, verified as the receiver would.
fn measure(world: &World, spec: Spec, scratch: &Path) -> Variant {
    let mut v = Variant {
        name: spec.name.to_string(),
        op: spec.op,
        side: spec.side,
        args: spec.args,
        before: State::default(),
        after: State::default(),
        duration: Duration::ZERO,
        bundle: None,
    };
    let mut times = Vec::with_capacity(TIMING_RUNS);
    for run in 0..TIMING_RUNS {
        let copy = world.copy_to(v.side, scratch);
        let db = v.db(&copy);
        let before = checks::state(&db, v.op).unwrap();
        let limit = HUNG_MARGIN * HUNG_FACTOR;
        times.push(program::run_to_end(&db, &v.args(&copy), limit).unwrap());
        let after = checks::state(&db, v.op).unwrap();
        let bundle = match v.op {
            Op::Export => Some(std::fs::read(&checks::final_files(&v, &copy)[0]).unwrap()),
            _ => None,
        };
        if run == 0 {
            (v.before, v.after, v.bundle) = (before, after, bundle);
        } else {
            assert_eq!((&before, &after), (&v.before, &v.after), "{}", v.name);
            assert_eq!(bundle, v.bundle, "{}: exports are deterministic", v.name);
        }
        std::fs::remove_dir_all(scratch).unwrap();
    }
    times.sort();
    v.duration = times[TIMING_RUNS / 2];
    if let Some(bytes) = &v.bundle {
        verify_bundle(world, bytes, scratch);
    }
    v
}

/// The reference bundle passes the receiving unit's checks (`import --dry-run`), so a
/// file with the same bytes is a complete, valid bundle.
fn verify_bundle(world: &World, bytes: &[u8], scratch: &Path) {
    let copy = world.copy_to(Side::Receiver, scratch);
    let file = copy.usb().join("xungkich-tham-chieu.zip");
    std::fs::write(&file, bytes).unwrap();
    let args: [OsString; 3] = ["import".into(), "--dry-run".into(), file.into()];
    let v = program::json(&copy.db(Side::Receiver), &args);
    assert_eq!(v["bundles"][0]["status"], "applied", "{v}");
    std::fs::remove_dir_all(scratch).unwrap();
}
