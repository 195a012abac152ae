-- Schema version 1: the installation, settings, audit log, administrative units,
-- attachments, and one table per record kind (see src/kinds.rs).
--
-- Every record table starts with the same sync columns:
--   id      UUID v7, made where the record was created;
--   owner   the unit code that owns the record (a commune for its teams);
--   hlc     hybrid logical clock of the last change (ms << 16 | counter);
--   origin  the installation that made the last change (breaks hlc ties);
--   seq     local change counter: what "changed since the last export" means;
--   deleted tombstone: a deletion travels like any other change.
-- Records are never removed from these tables, so references stay valid.

CREATE TABLE installation (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    installation_id TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('commune', 'district')),
    unit_set TEXT NOT NULL CHECK (unit_set IN ('2008', '2025')),
    unit_code TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    signing_key BLOB NOT NULL,
    public_key BLOB NOT NULL,
    hlc_last INTEGER NOT NULL DEFAULT 0,
    seq_last INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'import')),
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record_id);

-- Both official sets; a code means different units in different sets (00008 was
-- Phường Liễu Giai until 30/6/2025 and is Phường Ngọc Hà after), so the set is part of
-- the key and every row carries its validity dates.
CREATE TABLE admin_units (
    unit_set TEXT NOT NULL CHECK (unit_set IN ('2008', '2025')),
    code TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    parent_code TEXT,
    valid_from TEXT,
    valid_to TEXT,
    search_text TEXT NOT NULL,
    PRIMARY KEY (unit_set, code)
) WITHOUT ROWID;
CREATE INDEX admin_units_parent ON admin_units (unit_set, parent_code);

-- Scans and files, stored once by their SHA-256 whatever how many records cite them.
CREATE TABLE attachments (
    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    data BLOB NOT NULL,
    added_at TEXT NOT NULL
);

-- kind: village
CREATE TABLE villages (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    name TEXT NOT NULL,
    village_type TEXT NOT NULL,
    households INTEGER,
    population INTEGER,
    valid_from TEXT,
    valid_to TEXT,
    note TEXT,
    search_text TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX villages_seq ON villages (seq);
CREATE INDEX villages_owner ON villages (owner);

-- kind: team
CREATE TABLE teams (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    name TEXT NOT NULL,
    model_type TEXT NOT NULL,
    status TEXT NOT NULL,
    status_date TEXT,
    launch_date TEXT,
    base_location TEXT,
    yearly_rating TEXT,
    rating_year INTEGER,
    min_members INTEGER,
    max_members INTEGER,
    note TEXT,
    search_text TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX teams_seq ON teams (seq);
CREATE INDEX teams_owner ON teams (owner);

-- kind: team_village
CREATE TABLE team_villages (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    village_id TEXT NOT NULL REFERENCES villages(id)
);
CREATE INDEX team_villages_seq ON team_villages (seq);
CREATE INDEX team_villages_owner ON team_villages (owner);
CREATE INDEX team_villages_team_id ON team_villages (team_id);
CREATE INDEX team_villages_village_id ON team_villages (village_id);

-- kind: team_status
CREATE TABLE team_statuses (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    status TEXT NOT NULL,
    since TEXT,
    note TEXT
);
CREATE INDEX team_statuses_seq ON team_statuses (seq);
CREATE INDEX team_statuses_owner ON team_statuses (owner);
CREATE INDEX team_statuses_team_id ON team_statuses (team_id);

-- kind: decision
CREATE TABLE decisions (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    decision_type TEXT NOT NULL,
    state TEXT NOT NULL,
    number INTEGER,
    symbol TEXT,
    decision_date TEXT,
    authority_type TEXT,
    signer_name TEXT,
    summary TEXT,
    proposer TEXT,
    scan_sha256 TEXT,
    note TEXT
);
CREATE INDEX decisions_seq ON decisions (seq);
CREATE INDEX decisions_owner ON decisions (owner);
CREATE INDEX decisions_team_id ON decisions (team_id);

-- kind: regulation
CREATE TABLE regulations (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    title TEXT NOT NULL,
    decision_id TEXT REFERENCES decisions(id),
    issued_date TEXT,
    content TEXT
);
CREATE INDEX regulations_seq ON regulations (seq);
CREATE INDEX regulations_owner ON regulations (owner);
CREATE INDEX regulations_team_id ON regulations (team_id);
CREATE INDEX regulations_decision_id ON regulations (decision_id);

-- kind: duty
CREATE TABLE duties (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    regulation_id TEXT REFERENCES regulations(id),
    position INTEGER,
    content TEXT NOT NULL
);
CREATE INDEX duties_seq ON duties (seq);
CREATE INDEX duties_owner ON duties (owner);
CREATE INDEX duties_team_id ON duties (team_id);
CREATE INDEX duties_regulation_id ON duties (regulation_id);

-- kind: programme_link
CREATE TABLE programme_links (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    programme TEXT NOT NULL,
    since TEXT,
    description TEXT
);
CREATE INDEX programme_links_seq ON programme_links (seq);
CREATE INDEX programme_links_owner ON programme_links (owner);
CREATE INDEX programme_links_team_id ON programme_links (team_id);

-- kind: member
CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    full_name TEXT NOT NULL,
    sort_name TEXT,
    role TEXT NOT NULL,
    birth_date TEXT,
    sex TEXT NOT NULL,
    ethnicity TEXT,
    religion TEXT,
    id_doc_type TEXT,
    id_number TEXT,
    village_id TEXT REFERENCES villages(id),
    address TEXT,
    residence_since TEXT,
    education TEXT,
    qualification TEXT,
    political_theory TEXT,
    party_member INTEGER CHECK (party_member IN (0, 1)),
    party_join_date TEXT,
    youth_union INTEGER CHECK (youth_union IN (0, 1)),
    associations TEXT,
    occupation TEXT,
    posts_held TEXT,
    phone TEXT,
    health_cert_date TEXT,
    application_complete INTEGER CHECK (application_complete IN (0, 1)),
    certificate_number TEXT,
    certificate_date TEXT,
    badge_number TEXT,
    joined_date TEXT,
    exit_date TEXT,
    exit_reason TEXT,
    exit_decision_id TEXT REFERENCES decisions(id),
    note TEXT,
    search_text TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT ''
);
CREATE INDEX members_seq ON members (seq);
CREATE INDEX members_owner ON members (owner);
CREATE INDEX members_team_id ON members (team_id);
CREATE INDEX members_village_id ON members (village_id);
CREATE INDEX members_exit_decision_id ON members (exit_decision_id);

-- kind: member_role
CREATE TABLE member_roles (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    member_id TEXT NOT NULL REFERENCES members(id),
    role TEXT NOT NULL,
    from_date TEXT,
    to_date TEXT,
    decision_id TEXT REFERENCES decisions(id)
);
CREATE INDEX member_roles_seq ON member_roles (seq);
CREATE INDEX member_roles_owner ON member_roles (owner);
CREATE INDEX member_roles_member_id ON member_roles (member_id);
CREATE INDEX member_roles_decision_id ON member_roles (decision_id);

-- kind: equipment
CREATE TABLE equipment_issues (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    member_id TEXT REFERENCES members(id),
    item TEXT NOT NULL,
    description TEXT,
    quantity INTEGER NOT NULL,
    issue_date TEXT NOT NULL,
    source TEXT,
    condition TEXT,
    returned_date TEXT,
    note TEXT
);
CREATE INDEX equipment_issues_seq ON equipment_issues (seq);
CREATE INDEX equipment_issues_owner ON equipment_issues (owner);
CREATE INDEX equipment_issues_team_id ON equipment_issues (team_id);
CREATE INDEX equipment_issues_member_id ON equipment_issues (member_id);

-- kind: fund_entry
CREATE TABLE fund_entries (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    entry_date TEXT NOT NULL,
    direction TEXT NOT NULL,
    amount INTEGER NOT NULL,
    source TEXT,
    counterparty TEXT,
    voucher_number TEXT,
    purpose TEXT,
    disclosed INTEGER CHECK (disclosed IN (0, 1))
);
CREATE INDEX fund_entries_seq ON fund_entries (seq);
CREATE INDEX fund_entries_owner ON fund_entries (owner);
CREATE INDEX fund_entries_team_id ON fund_entries (team_id);

-- kind: training
CREATE TABLE trainings (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    title TEXT NOT NULL,
    organiser TEXT,
    start_date TEXT NOT NULL,
    end_date TEXT,
    location TEXT,
    content TEXT
);
CREATE INDEX trainings_seq ON trainings (seq);
CREATE INDEX trainings_owner ON trainings (owner);

-- kind: training_attendance
CREATE TABLE training_attendances (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    training_id TEXT NOT NULL REFERENCES trainings(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    result TEXT NOT NULL
);
CREATE INDEX training_attendances_seq ON training_attendances (seq);
CREATE INDEX training_attendances_owner ON training_attendances (owner);
CREATE INDEX training_attendances_training_id ON training_attendances (training_id);
CREATE INDEX training_attendances_member_id ON training_attendances (member_id);

-- kind: commendation
CREATE TABLE commendations (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    member_id TEXT REFERENCES members(id),
    form TEXT NOT NULL,
    authority TEXT NOT NULL,
    decision_number TEXT,
    decision_date TEXT NOT NULL,
    achievement TEXT
);
CREATE INDEX commendations_seq ON commendations (seq);
CREATE INDEX commendations_owner ON commendations (owner);
CREATE INDEX commendations_team_id ON commendations (team_id);
CREATE INDEX commendations_member_id ON commendations (member_id);

-- kind: activity
CREATE TABLE activities (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    activity_type TEXT NOT NULL,
    activity_date TEXT NOT NULL,
    start_time TEXT,
    end_time TEXT,
    location TEXT,
    content TEXT,
    result TEXT,
    participants INTEGER,
    audience INTEGER,
    propaganda_form TEXT,
    dispute_type TEXT,
    mediation_result TEXT,
    reporter TEXT,
    passed_to_police_at TEXT,
    coordinated_with TEXT
);
CREATE INDEX activities_seq ON activities (seq);
CREATE INDEX activities_owner ON activities (owner);
CREATE INDEX activities_team_id ON activities (team_id);

-- kind: activity_participant
CREATE TABLE activity_participants (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    activity_id TEXT NOT NULL REFERENCES activities(id),
    member_id TEXT NOT NULL REFERENCES members(id)
);
CREATE INDEX activity_participants_seq ON activity_participants (seq);
CREATE INDEX activity_participants_owner ON activity_participants (owner);
CREATE INDEX activity_participants_activity_id ON activity_participants (activity_id);
CREATE INDEX activity_participants_member_id ON activity_participants (member_id);

-- kind: inspection
CREATE TABLE inspections (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    inspection_date TEXT NOT NULL,
    inspecting_unit TEXT NOT NULL,
    c1_ok INTEGER CHECK (c1_ok IN (0, 1)),
    c2_ok INTEGER CHECK (c2_ok IN (0, 1)),
    c3_ok INTEGER CHECK (c3_ok IN (0, 1)),
    c4_ok INTEGER CHECK (c4_ok IN (0, 1)),
    c5_ok INTEGER CHECK (c5_ok IN (0, 1)),
    c6_ok INTEGER CHECK (c6_ok IN (0, 1)),
    c7_ok INTEGER CHECK (c7_ok IN (0, 1)),
    c8_ok INTEGER CHECK (c8_ok IN (0, 1)),
    findings TEXT,
    recommendations TEXT,
    deadline TEXT,
    follow_up TEXT
);
CREATE INDEX inspections_seq ON inspections (seq);
CREATE INDEX inspections_owner ON inspections (owner);
CREATE INDEX inspections_team_id ON inspections (team_id);

-- kind: document
CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    hlc INTEGER NOT NULL,
    origin TEXT NOT NULL,
    seq INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    team_id TEXT NOT NULL REFERENCES teams(id),
    member_id TEXT REFERENCES members(id),
    title TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT,
    doc_date TEXT
);
CREATE INDEX documents_seq ON documents (seq);
CREATE INDEX documents_owner ON documents (owner);
CREATE INDEX documents_team_id ON documents (team_id);
CREATE INDEX documents_member_id ON documents (member_id);
