// DEV ONLY — never loaded by ui/index.html. A stand-in for the Tauri shell, answering
// every command of docs/desktop-api.md from in-memory data shaped as the engine shapes
// it (fixture.js holds real engine output: catalogue, demo commune, dashboard,
// settings, units, a team's documents, the document templates, and a receiving unit
// with two wards' data: records, overview, drill-downs). Good enough to look at every screen and drive the forms; the
// engine's rules are only roughly imitated (required fields, dates, numbers, bounds).
//
// Query options: ?fresh=1 first run · ?role=district receiving unit · ?xss=1 hostile
// record text · ?fail=<command> that command rejects · ?slow=<ms> answer delay.
// Spies for tests: window.__mockCalls (every invoke), window.__xss_fired.
(function mockTauri() {
  'use strict';
  const F = window.__MOCK_FIXTURE__;
  const q = new URLSearchParams(location.search);
  const clone = (v) => JSON.parse(JSON.stringify(v));
  const kinds = new Map(F.catalogue.kinds.map((k) => [k.name, k]));
  const today = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const todayIso = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  const delay = Number(q.get('slow')) || 40;
  const calls = [];
  window.__mockCalls = calls;
  // Anything that runs injected script would trip these.
  window.__xss_fired = false;
  window.alert = () => { window.__xss_fired = true; };

  let installation = null;
  let store = {}; // kind → Map(id → record)
  let seq = 2000;
  let actor = 'người dùng';
  const audit = new Map(); // record id → entries
  const bin = []; // "Đã xóa gần đây": one entry per deletion, newest first
  const settings = clone(F.settings);
  // Rule C7's required items: the catalogue's equipment, the default shares set.
  const DEFAULT_REQUIRED = { trang_phuc_quan_ao: 100, trang_phuc_bien_hieu: 100, cong_cu_gay_cao_su: 80 };
  const required = (F.catalogue.kinds.find((k) => k.name === 'equipment').fields.find((f) => f.name === 'item').choices)
    .map(([code, label]) => ({ code, label, percent: DEFAULT_REQUIRED[code] || 0, default_percent: DEFAULT_REQUIRED[code] || 0 }));
  const enrolled = new Set();
  const imported = new Set();

  function emptyStore() {
    store = {};
    for (const k of kinds.keys()) store[k] = new Map();
  }
  function loadDemo(records = F.records) {
    emptyStore();
    for (const [k, list] of Object.entries(records)) {
      for (const r of list) store[k].set(r.id, clone(r));
    }
    const first = F.records.member[0];
    if (first) audit.set(first.id, clone(F.history_sample));
  }

  emptyStore();
  if (!q.get('fresh')) {
    installation = clone(F.installation);
    loadDemo();
  }
  if (installation && q.get('role') === 'district') {
    // Quận Ba Đình after importing the bundles of Phúc Xá (00001) and Trúc Bạch (00004).
    installation = clone(F.district.installation);
    loadDemo(F.district.records);
  }
  // The decision's templates in force, as the settings screen lists them.
  const builtinTemplates = F.document_templates.filter((t) => t.builtin);
  let templates = clone(F.document_templates);
  if (q.get('xss')) {
    const payloads = ['<img src=x onerror=alert(1)>', '<script>window.__xss_fired=true</script>',
      '"><svg onload=alert(1)>', "javascript:alert(1)", '<b onmouseover=alert(1)>đậm</b>'];
    const m = [...store.member.values()];
    m[0].fields.full_name = payloads[0];
    m[1].fields.full_name = payloads[1];
    m[2].fields.phone = payloads[2];
    const t = [...store.team.values()];
    t[0].fields.name = payloads[2];
    t[1].fields.base_location = payloads[4];
    const v = [...store.village.values()];
    v[0].fields.name = payloads[3];
    v[1].fields.note = payloads[0];
    const a = [...store.activity.values()];
    a[0].fields.content = payloads[1];
    installation.unit_name = payloads[0];
  }

  // ---- helpers ----------------------------------------------------------------

  const fold = (s) => String(s ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
  const err = (code, message, problems = []) => ({ code, message, problems });
  const live = (kind) => [...store[kind].values()].filter((r) => !r.deleted);
  const givenName = (full) => String(full || '').trim().split(/\s+/).pop();
  const coll = new Intl.Collator('vi');

  function parseDate(s, partial) {
    const parts = String(s).trim().split(/[/.-]/);
    if (parts.some((p) => !/^\d{1,4}$/.test(p))) return null;
    if (parts.length === 1) return partial && parts[0].length === 4 ? parts[0] : null;
    if (parts.length === 2) return partial && parts[1].length === 4 && +parts[0] >= 1 && +parts[0] <= 12 ? `${parts[1]}-${pad(+parts[0])}` : null;
    const [d, m, y] = parts[0].length === 4 ? [parts[2], parts[1], parts[0]] : parts;
    if (y.length !== 4) return null;
    const dt = new Date(Date.UTC(+y, +m - 1, +d));
    if (dt.getUTCMonth() !== +m - 1 || dt.getUTCDate() !== +d) return null;
    return `${y}-${pad(+m)}-${pad(+d)}`;
  }
  function parseInteger(v) {
    if (typeof v === 'number') return v;
    const s = String(v).replace(/\s*(đồng|đ)$/, '').trim();
    if (s.includes(',')) return NaN;
    if (s.includes('.') && !/^\d{1,3}(\.\d{3})+$/.test(s)) return NaN;
    const digits = s.replace(/[.\s]/g, '');
    return /^-?\d+$/.test(digits) ? Number(digits) : NaN;
  }

  /** Converts one field as the engine roughly would; returns [value, problem]. */
  function convert(f, v) {
    if (v === null || v === undefined || v === '') return [null, null];
    switch (f.type) {
      case 'date': case 'partial_date': {
        const iso = parseDate(v, f.type === 'partial_date');
        return iso ? [iso, null] : [null, `Không đọc được ngày "${v}". Hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/03/2025).`];
      }
      case 'int': case 'money': {
        const n = parseInteger(v);
        if (Number.isNaN(n)) return [null, `"${v}" không phải là số; hãy nhập chữ số, ví dụ 1.500.000`];
        if (f.type === 'money' && n <= 0) return [null, 'số tiền phải lớn hơn 0 đồng'];
        if (f.type === 'int' && (n < f.min || n > f.max)) return [null, `phải là số từ ${f.min} đến ${f.max}`];
        return [n, null];
      }
      case 'bool': return [v === true || v === 'true' || v === 1, null];
      case 'choice':
        return f.choices.some(([c]) => c === v) ? [v, null] : [null, `"${v}" không có trong danh sách`];
      case 'phone': {
        const d = String(v).replace(/[\s.-]/g, '');
        return /^0\d{9}$/.test(d) ? [d, null] : [null, 'số điện thoại di động phải có 10 chữ số, bắt đầu bằng 0'];
      }
      case 'time':
        return /^\d{1,2}[:h]\d{2}$/.test(v) ? [String(v).replace('h', ':').padStart(5, '0'), null] : [null, `"${v}" không phải giờ hợp lệ; hãy nhập dạng 24 giờ, ví dụ 19:30`];
      case 'text': case 'long_text':
        return String(v).length > f.max ? [null, `dài ${String(v).length} ký tự, quá giới hạn ${f.max} ký tự; hãy rút gọn`] : [String(v).normalize('NFC'), null];
      default: return [v, null];
    }
  }

  function validate(kindName, fields, base) {
    const def = kinds.get(kindName);
    const out = { ...(base || {}) };
    const problems = [];
    for (const [name, v] of Object.entries(fields)) {
      const f = def.fields.find((x) => x.name === name);
      if (!f) { problems.push({ field: name, label: name, message: 'không có ô này' }); continue; }
      const [val, p] = convert(f, v);
      if (p) problems.push({ field: name, label: f.label, message: p });
      else out[name] = val;
    }
    for (const f of def.fields) {
      if (f.required && (out[f.name] === null || out[f.name] === undefined) && !problems.some((p) => p.field === f.name)) {
        problems.push({ field: f.name, label: f.label, message: 'không được để trống' });
      }
    }
    if (problems.length) {
      throw err('invalid', `Chưa lưu được vì thông tin chưa đúng: ${problems.map((p) => `${p.label}: ${p.message}`).join('; ')}`, problems);
    }
    for (const f of def.fields) if (!(f.name in out)) out[f.name] = null;
    const warnings = [];
    if (kindName === 'member' && out.birth_date) {
      const age = +todayIso.slice(0, 4) - +String(out.birth_date).slice(0, 4);
      if (age > 70) warnings.push({ field: 'birth_date', label: 'Ngày sinh', message: `đã ${age} tuổi; Luật quy định thành viên từ 18 đến 70 tuổi (trên 70 tuổi cần quyết định của Chủ tịch UBND xã)` });
      if (age < 18) warnings.push({ field: 'birth_date', label: 'Ngày sinh', message: `chưa đủ 18 tuổi (${age} tuổi); Luật quy định thành viên từ 18 đến 70 tuổi` });
    }
    return { fields: out, warnings };
  }

  function log(id, kind, action, changes) {
    if (!audit.has(id)) audit.set(id, []);
    audit.get(id).push({ at: new Date().toISOString(), actor, action, kind, changes });
  }

  function sorted(kind, list) {
    if (kind === 'village' || kind === 'team') return list.sort((a, b) => coll.compare(a.fields.name, b.fields.name));
    if (kind === 'member') {
      return list.sort((a, b) => coll.compare(givenName(a.fields.full_name), givenName(b.fields.full_name))
        || coll.compare(a.fields.full_name, b.fields.full_name));
    }
    return list;
  }

  function children(kindName, id) {
    // Required refs pointing at `id`, recursively: what a delete takes with it.
    const out = [];
    for (const k of kinds.values()) {
      for (const f of k.fields) {
        if (f.type !== 'ref' || f.ref !== kindName || !f.required) continue;
        for (const r of live(k.name)) {
          if (r.fields[f.name] === id) out.push(r, ...children(k.name, r.id));
        }
      }
    }
    return out;
  }

  function dashboard() {
    const teams = live('team');
    const tv = live('team_village');
    const villages = sorted('village', live('village'));
    const covered = new Set(tv.filter((l) => {
      const t = store.team.get(l.fields.team_id);
      return t && !t.deleted && t.fields.status === 'hoat_dong';
    }).map((l) => l.fields.village_id));
    const without = villages.filter((v) => !covered.has(v.id)).map((v) => ({ id: v.id, name: v.fields.name }));
    const base = F.dashboard.compliance;
    const compTeams = teams.filter((t) => t.fields.status === 'hoat_dong').map((t) => {
      const known = base.teams.find((x) => x.team_id === t.id);
      const rules = known ? clone(known.rules) : F.dashboard.compliance.teams[0].rules.map((r) => ({ ...r, status: 'not_met', detail: 'Chưa có hồ sơ.' }));
      return {
        team_id: t.id, team_name: t.fields.name, owner: t.owner,
        members: live('member').filter((m) => m.fields.team_id === t.id && !m.fields.exit_date).length,
        rules, met: rules.filter((r) => r.status === 'met').length,
      };
    });
    const steps = [];
    if (installation && installation.role === 'commune') steps.push({ text: `Có ${seq - 1000} thay đổi chưa gửi: hãy xuất gói dữ liệu ra USB.`, kind: 'sync', id: null });
    for (const v of without) steps.push({ text: `${v.name} chưa có tổ: hãy thành lập tổ hoặc gắn thôn vào một tổ.`, kind: 'village', id: v.id });
    for (const t of [...compTeams].sort((a, b) => a.met - b.met)) {
      const r = t.rules.find((x) => x.status !== 'met');
      if (r) steps.push({ text: `${t.team_name} — ${r.rule} (${r.title}): ${r.detail}`, kind: 'team', id: t.team_id });
    }
    const since = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
    const communes = installation.role === 'district'
      ? [clone(base.communes[0]), { ...clone(base.communes[0]), unit_code: '00004', villages: 6, active_teams: 3, members: 27, teams_meeting_all: 0, villages_without_team: ['Tổ dân phố số 2', 'Tổ dân phố số 5'] }]
      : clone(base.communes);
    return {
      installation: clone(installation),
      on: todayIso,
      counts: {
        villages: villages.length, teams: teams.length,
        active_teams: teams.filter((t) => t.fields.status === 'hoat_dong').length,
        members: live('member').filter((m) => !m.fields.exit_date).length,
        activities_last_30_days: live('activity').filter((a) => a.fields.activity_date >= since).length,
      },
      compliance: { on: todayIso, thresholds: base.thresholds, teams: compTeams, communes },
      villages_without_team: without,
      next_steps: steps.slice(0, 12),
    };
  }

  // As the shell does for one-step tasks: {done: 0, total: 1} at the start, {1, 1} at the end.
  async function emitProgress(task, ms, label) {
    emit('progress', { task, done: 0, total: 1, label });
    await new Promise((r) => setTimeout(r, ms * 120));
    emit('progress', { task, done: 1, total: 1, label });
  }

  const sender = {
    unit: '00004', unit_name: 'Phường Trúc Bạch', installation: '0190aaaa-0000-7000-8000-000000000004',
    fingerprint: '7F3A 91C2 0B44 E5D1 2A90 6C3E',
  };
  function importReport(path, dryRun, enrol, reEnrol) {
    const base = {
      file: path, sha256: 'a3f1c9e2'.repeat(8), status: 'applied', reason_code: null, reason: null,
      sender: { unit: '00001', unit_name: 'Phường Phúc Xá', installation: F.installation.installation_id, fingerprint: F.installation.fingerprint },
      full: false, from_seq: 1, to_seq: 1126, inserted: 1080, updated: 40, unchanged: 6, quarantined: 0,
      passed_over: 0, released: 0, enrolled: false, dry_run: dryRun, gaps: [],
    };
    // A refused bundle is not read further: no range, no counts.
    const unread = { full: null, from_seq: null, to_seq: null, inserted: 0, updated: 0, unchanged: 0 };
    if (/hong/.test(path)) {
      return { ...base, ...unread, status: 'rejected', reason_code: 'bad_signature', sender: null,
        reason: 'Chữ ký của gói dữ liệu không đúng: tệp đã bị thay đổi sau khi xã ký, hoặc không phải do máy đó tạo. Không nhập; hãy xin xã gửi lại tệp.' };
    }
    if (/truc-bach/.test(path)) {
      if (!enrolled.has(sender.installation) && !enrol) {
        return { ...base, ...unread, status: 'rejected', reason_code: 'unknown_sender', sender: clone(sender),
          reason: `Máy gửi chưa được đăng ký: ${sender.unit_name} (${sender.unit}), vân tay khóa ${sender.fingerprint}. Hãy gọi điện đối chiếu vân tay này với cán bộ xã; nếu khớp, nhập lại và chọn đăng ký máy (--enrol).` };
      }
      if (!dryRun) enrolled.add(sender.installation);
      return { ...base, sender: clone(sender), enrolled: Boolean(enrol && !dryRun), from_seq: 40, to_seq: 95, inserted: 12, updated: 3, unchanged: 0, quarantined: 2,
        gaps: [{ unit: '00004', unit_name: sender.unit_name, installation: sender.installation, from_seq: 1, to_seq: 39, message: 'Chưa nhận các thay đổi số 1–39 của Phường Trúc Bạch; hãy xin xã gửi gói đầy đủ hoặc các gói còn thiếu.' }] };
    }
    if (imported.has(path)) return { ...base, status: 'duplicate', inserted: 0, updated: 0, unchanged: 0, reason: 'Gói này đã được nhập trước đây; không có gì thay đổi.' };
    if (!dryRun) imported.add(path);
    return base;
  }

  /** The fixture's document of one team, with the asked team's name in it. */
  function teamDocument(kind, teamId) {
    const doc = F.documents.kinds[kind];
    if (!doc) throw err('invalid', `Không có loại văn bản "${kind}".`);
    const team = store.team.get(teamId);
    if (!team || team.deleted) throw err('not_found', `Không tìm thấy ${kinds.get('team').label} có mã ${teamId}; có thể bản ghi đã bị xóa. Hãy tải lại danh sách.`);
    const source = F.records.team.find((t) => t.id === F.documents.team_id);
    const text = JSON.stringify(doc);
    return JSON.parse(source ? text.split(JSON.stringify(source.fields.name).slice(1, -1)).join(JSON.stringify(team.fields.name).slice(1, -1)) : text);
  }

  /** The receiving unit's overview, filtered and sorted roughly as the engine does. */
  function districtOverview(o) {
    const d = clone(F.district.overview);
    const rules = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8'];
    if (o.rule_not_met && !rules.includes(o.rule_not_met)) {
      throw err('invalid', 'Chưa lưu được vì thông tin chưa đúng: Tiêu chí: phải là một trong C1, C2, …, C8', [{ field: 'rule_not_met', label: 'Tiêu chí', message: 'phải là một trong C1, C2, …, C8' }]);
    }
    const fq = fold(o.query);
    const nameOrder = new Map(d.communes.map((c, i) => [c.unit_code, i]));
    let rows = d.communes
      .filter((c) => !fq || c.unit_code.startsWith(fq) || fold(c.unit_name).includes(fq))
      .filter((c) => !o.attention_only || c.attention.length)
      .filter((c) => !o.rule_not_met || c.rules.some((r) => r.rule === o.rule_not_met && r.met < c.active_teams));
    const f = (x) => (x === null || x === undefined ? -1 : x);
    const key = {
      name: () => 0,
      code: (c) => c.unit_code,
      compliance: (c) => f(c.compliance),
      villages_without_team: (c) => c.villages_without_team,
      last_bundle: (c) => (c.last_bundle ? c.last_bundle.imported_at : ''),
      members: (c) => c.members,
      trained: (c) => f(c.trained_share),
      overdue: (c) => c.overdue_inspections,
    }[o.sort || 'name'] || (() => 0);
    const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
    rows = rows.sort((a, b) => (o.descending ? -1 : 1) * cmp(key(a), key(b)) || nameOrder.get(a.unit_code) - nameOrder.get(b.unit_code));
    if (o.descending && (o.sort || 'name') === 'name') rows.reverse();
    d.communes = rows;
    return d;
  }

  // ---- commands -----------------------------------------------------------------

  const commands = {
    app_info: () => ({
      initialised: Boolean(installation), installation: clone(installation),
      data_dir: 'C:\\Users\\Can bo\\AppData\\Roaming\\vn.xungkich.app',
      db_path: 'C:\\Users\\Can bo\\AppData\\Roaming\\vn.xungkich.app\\xungkich.db',
      version: '0.1.0', schema_version: F.schema_version,
    }),
    units_search: ({ query, unitSet, level }) => {
      const fq = fold(query);
      if (!fq) return [];
      return F.units
        .filter(([set, code, lvl, , name]) => set === unitSet && (!level || lvl === level) && (code === query.trim() || fold(name).includes(fq)))
        .slice(0, 30)
        .map(([unit_set, code, lvl, kind, name, parent_code]) => ({ unit_set, code, level: lvl, kind, name, parent_code }));
    },
    setup: ({ role, unitSet, unitCode }) => {
      if (installation) throw err('already_initialised', 'Máy này đã được thiết lập rồi.');
      const u = F.units.find(([set, code]) => set === unitSet && code === unitCode);
      if (!u) throw err('unknown_unit', `Không có đơn vị mã ${unitCode} trong danh mục.`);
      installation = { ...clone(F.installation), role, unit_set: unitSet, unit_code: unitCode, unit_name: u[4], created_at: new Date().toISOString() };
      emptyStore();
      return clone(installation);
    },
    open_demo: async () => {
      await emitProgress('demo', 5, 'Đang tạo dữ liệu mẫu');
      installation = clone(F.installation);
      loadDemo();
      return clone(installation);
    },
    catalogue: () => clone(F.catalogue),
    dashboard: () => dashboard(),
    list_records: ({ kind, parentField, parentId, includeDeleted }) => {
      if (!store[kind]) throw err('invalid', `Không có loại hồ sơ "${kind}".`);
      let list = [...store[kind].values()].filter((r) => includeDeleted || !r.deleted);
      if (parentField) list = list.filter((r) => r.fields[parentField] === parentId);
      return clone(sorted(kind, list));
    },
    get_record: ({ kind, id }) => {
      const r = store[kind] && store[kind].get(id);
      if (!r) throw err('not_found', `Không tìm thấy ${kinds.get(kind).label} có mã ${id}; có thể bản ghi đã bị xóa. Hãy tải lại danh sách.`);
      return clone(r);
    },
    create_record: ({ kind, fields }) => {
      const { fields: clean, warnings } = validate(kind, fields);
      const id = crypto.randomUUID();
      seq += 1;
      store[kind].set(id, { kind, id, owner: installation.unit_code, hlc: Date.now() * 65536, origin: installation.installation_id, seq, deleted: false, fields: clean });
      log(id, kind, 'insert', Object.fromEntries(Object.entries(clean).filter(([, v]) => v !== null)));
      return { id, warnings };
    },
    update_record: ({ kind, id, fields }) => {
      const r = store[kind].get(id);
      if (!r || r.deleted) throw err('not_found', 'Không tìm thấy bản ghi; có thể đã bị xóa. Hãy tải lại danh sách.');
      const { fields: clean, warnings } = validate(kind, fields, r.fields);
      const before = r.fields;
      r.fields = clean;
      seq += 1;
      r.seq = seq;
      log(id, kind, 'update', Object.fromEntries(Object.keys(fields).map((k) => [k, [before[k] ?? null, clean[k]]])));
      return { id, warnings };
    },
    delete_preview: ({ kind, id }) => {
      const counts = new Map();
      for (const c of children(kind, id)) {
        const label = kinds.get(c.kind).label;
        counts.set(label, (counts.get(label) || 0) + 1);
      }
      return [...counts.entries()];
    },
    delete_record: ({ kind, id }) => {
      const r = store[kind].get(id);
      if (!r) throw err('not_found', 'Không tìm thấy bản ghi.');
      const all = [r, ...children(kind, id)];
      for (const x of all) { x.deleted = true; log(x.id, x.kind, 'delete', {}); }
      // Optional links to a deleted record are cleared, as the engine does.
      const cleared = [];
      for (const k of kinds.values()) {
        for (const f of k.fields) {
          if (f.type === 'ref' && f.ref === kind && !f.required) {
            for (const rr of live(k.name)) {
              if (rr.fields[f.name] === id) { rr.fields[f.name] = null; cleared.push([rr, f.name]); }
            }
          }
        }
      }
      // "Đã xóa gần đây": the mock keeps the records themselves (it empties no field).
      const at = new Date();
      const until = new Date(at.getTime() + 30 * 86400000);
      const counts = new Map();
      for (const x of all.slice(1)) {
        const label = kinds.get(x.kind).label;
        counts.set(label, (counts.get(label) || 0) + 1);
      }
      bin.unshift({
        records: all, cleared, target: id,
        batch: {
          id: `xoa-${at.getTime()}-${bin.length}`, deleted_at: at.toISOString(), actor,
          kind, kind_label: kinds.get(kind).label, record_id: id,
          label: r.fields.full_name || r.fields.name || r.fields.title || '',
          records: all.length, links: cleared.length, with: [...counts.entries()],
          restorable_until: until.toISOString().slice(0, 10),
        },
      });
      return { deleted: all.length };
    },
    recently_deleted: () => bin.map((b) => clone(b.batch)),
    restore_deleted: ({ batch }) => {
      const i = bin.findIndex((b) => b.batch.id === batch);
      if (i < 0) throw err('not_in_bin', "Mục đã xóa này không còn trong 'Đã xóa gần đây' (đã được khôi phục, hoặc đã quá 30 ngày nên chỉ còn dấu đã xóa). Hãy tải lại danh sách; dữ liệu không bị thay đổi.");
      const b = bin[i];
      for (const x of b.records) { x.deleted = false; log(x.id, x.kind, 'update', {}); }
      for (const [rr, field] of b.cleared) if (!rr.deleted && rr.fields[field] == null) rr.fields[field] = b.target;
      bin.splice(i, 1);
      return { batch, kind: b.batch.kind, record_id: b.batch.record_id, label: b.batch.label, records: b.records.length, links: b.cleared.length };
    },
    history: ({ id }) => clone(audit.get(id) || []),
    search: ({ text, limit }) => {
      const words = fold(text).split(/[^a-z0-9]+/).filter(Boolean);
      if (!words.length) return [];
      const match = (name) => {
        const tokens = fold(name).split(/[^a-z0-9]+/);
        return words.every((w) => tokens.some((t) => t.startsWith(w)));
      };
      const teamName = (id) => (store.team.get(id) || { fields: {} }).fields.name || null;
      const villageName = (id) => (store.village.get(id) || { fields: {} }).fields.name || null;
      const hits = [];
      for (const t of live('team')) {
        if (match(t.fields.name)) {
          const vs = live('team_village').filter((l) => l.fields.team_id === t.id).map((l) => villageName(l.fields.village_id));
          hits.push({ kind: 'team', id: t.id, name: t.fields.name, team: null, village: vs.join(', ') || null });
        }
      }
      for (const m of sorted('member', live('member'))) {
        if (match(m.fields.full_name) || (m.fields.phone && m.fields.phone.startsWith(text.trim())) || (m.fields.id_number && m.fields.id_number.startsWith(text.trim()))) {
          hits.push({ kind: 'member', id: m.id, name: m.fields.full_name, team: teamName(m.fields.team_id), village: villageName(m.fields.village_id) });
        }
      }
      return hits.slice(0, Math.min(limit || 50, 50));
    },
    export_bundle: async ({ full }) => {
      await emitProgress('export', 6, 'Đang đóng gói dữ liệu');
      const counts = {};
      for (const k of kinds.keys()) {
        const n = live(k).length;
        if (n && (full || k !== 'training')) counts[k] = full ? n : Math.ceil(n / 3);
      }
      return {
        file: `E:\\phuong-phuc-xa-00001-${todayIso}${full ? '-day-du' : ''}.zip`,
        sha256: '5d2c7e1f'.repeat(8), bytes: full ? 2483712 : 412334, full,
        from_seq: full ? 1 : 900, to_seq: seq, counts, attachments: full ? 4 : 1,
      };
    },
    pick_bundles: () => ['E:\\goi\\phuong-phuc-xa-00001.zip', 'E:\\goi\\phuong-truc-bach-00004.zip', 'E:\\goi\\goi-hong.zip'],
    pick_bundle_folder: () => ['E:\\phuong-phuc-xa-00001.zip', 'E:\\phuong-truc-bach-00004.zip'],
    import_bundles: async ({ paths, dryRun, enrol, reEnrol }) => {
      const out = [];
      for (let i = 0; i < paths.length; i += 1) {
        emit('progress', { task: 'import', done: i, total: paths.length, label: `Đang nhập ${paths[i].split('\\').pop()}` });
        emit('progress', { task: 'import-bundle', done: 0, total: 3000, label: `Bản ghi của ${paths[i].split('\\').pop()}` });
        await new Promise((r) => setTimeout(r, 200));
        out.push(importReport(paths[i], dryRun, enrol, reEnrol));
      }
      emit('progress', { task: 'import', done: paths.length, total: paths.length });
      return out;
    },
    pending: () => ({
      quarantine: enrolled.size ? [
        { kind: 'member', record_id: '0190bbbb-0000-7000-8000-000000000001', reason_code: 'missing_parent', reason: 'Thành viên thuộc một tổ chưa nhận được; sẽ nhập khi có gói chứa tổ đó.', received_at: new Date().toISOString() },
        { kind: 'activity', record_id: '0190bbbb-0000-7000-8000-000000000002', reason_code: 'missing_parent', reason: 'Hoạt động thuộc một tổ chưa nhận được.', received_at: new Date().toISOString() },
      ] : [],
      gaps: enrolled.size ? [{ unit: '00004', unit_name: sender.unit_name, installation: sender.installation, from_seq: 1, to_seq: 39, message: 'Chưa nhận các thay đổi số 1–39 của Phường Trúc Bạch; hãy xin xã gửi gói đầy đủ hoặc các gói còn thiếu.' }] : [],
      senders: [...enrolled].map(() => ({ installation_id: sender.installation, unit_code: sender.unit, role: 'commune', unit_name: sender.unit_name, fingerprint: sender.fingerprint, enrolled_at: new Date().toISOString(), enrolled_by: actor })),
    }),
    receipt_status: () => (installation && installation.role === 'commune' ? {
      receiver_unit: '001', receiver_unit_name: 'Quận Ba Đình', receiver_installation: '0190cccc-0000-7000-8000-000000000001',
      received_at: new Date().toISOString(), imported_at: new Date().toISOString(), confirmed_to: 900, last_change: seq,
      digest_matches: false, complete: false, records_held: 120,
      gaps: [{ from_seq: 901, to_seq: 940, message: 'Đơn vị tiếp nhận chưa có các thay đổi từ 901 đến 940 đã xuất. Nếu gói đó đã mất hoặc chưa đến nơi, hãy bấm "Xuất phần chưa được xác nhận" (dòng lệnh: export --unconfirmed) rồi gửi lại.' }],
      message: `Đơn vị tiếp nhận (Quận Ba Đình) đã nhận dữ liệu đến lần thay đổi 900, ngày ${today.toLocaleDateString('vi-VN')}; các thay đổi sau đó (đến lần ${seq}) chưa được xác nhận.`,
    } : null),
    save_receipt: ({ unit }) => ({ file: `E:\\bien-nhan-001-${unit}-${todayIso.replaceAll('-', '')}.xkb`, sha256: '7a'.repeat(32), commune_unit: unit, commune_name: sender.unit_name, confirmed_to: [[sender.installation, 39]], records: 120, sealed_to: { unit_code: unit, unit_name: sender.unit_name, fingerprint: sender.fingerprint } }),
    attach_file: () => ({ sha256: [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join(''), size: 1834221, mime: 'application/pdf' }),
    pick_member_list: () => ({ token: 'tep-ds', path: 'E:\\danh-sach-to-dong.xlsx', name: 'danh-sach-to-dong.xlsx' }),
    import_members: ({ dryRun, sheet }) => {
      const preview = [
        { row: 7, full_name: 'Nguyễn Văn An', birth: '1990', sex: 'Nam', id_number: '001090012345', village: 'Thôn Đông', role: 'Tổ trưởng', team: 'Tổ Đông', ok: true },
        { row: 8, full_name: 'Trần Thị Bình', birth: '12/05/1995', sex: 'Nữ', id_number: '001195012346', village: 'Thôn Đông', role: 'Tổ viên', team: 'Tổ Đông', ok: true },
        { row: 9, full_name: 'Lê Văn Dũng', birth: '2010', sex: 'Nam', id_number: '', village: '', role: 'Tổ viên', team: 'Tổ Đông', ok: false },
      ];
      return {
        file_name: 'danh-sach-to-dong.xlsx', sheet: sheet || 'Thôn Đông', sheets: ['Thôn Đông', 'Thôn Tây', 'Tổng hợp'], header_row: 4, encoding: 'TCVN3',
        columns: [
          { index: 0, letter: 'A', header: 'STT', target: 'seq' },
          { index: 1, letter: 'B', header: 'Họ và tên', target: 'full_name' },
          { index: 2, letter: 'C', header: 'Năm sinh / Nam', target: 'birth_male' },
          { index: 3, letter: 'D', header: 'Năm sinh / Nữ', target: 'birth_female' },
          { index: 4, letter: 'E', header: 'Số CCCD', target: 'id_number' },
          { index: 5, letter: 'F', header: 'Thôn', target: 'village' },
        ],
        targets: [['seq', 'Số thứ tự (bỏ qua)'], ['full_name', 'Họ và tên'], ['birth_date', 'Ngày sinh / năm sinh'], ['birth_male', 'Năm sinh — cột Nam'], ['birth_female', 'Năm sinh — cột Nữ'], ['sex', 'Giới tính'], ['id_number', 'Số định danh (CCCD, CMND)'], ['village', 'Thôn, tổ dân phố'], ['role', 'Chức danh trong tổ']].map(([code, label]) => ({ code, label })),
        rows: 3, imported: 2, dry_run: dryRun,
        problems: [{ row: 9, field: 'birth_date', message: 'chưa đủ 18 tuổi ngày 05/12/2026 (15 hoặc 16 tuổi); Luật quy định thành viên từ đủ 18 đến 70 tuổi', name: 'Lê Văn Dũng' }],
        warnings: [], preview,
      };
    },
    scan_view: () => ({ mime: 'image/png', size: 68, base64: 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==' }),
    save_scan: () => ({ file: 'E:\\ban-chup-0123456789ab.png', bytes: 68 }),
    open_scan: () => ({ file: 'C:\\Users\\xa\\AppData\\Roaming\\vn.xungkich.so-to\\ban-chup-da-mo\\ban-chup-0123456789ab.png', bytes: 68 }),
    decision_scans: () => [{ team_id: 't1', team: 'Tổ Đông', unit_code: '00001', decision_id: 'd1', decision: 'Quyết định số 12 ngày 05/03/2024 (quyết định thành lập)', sha256: '0'.repeat(64), mime: 'application/pdf', size: 183422 }],
    settings_get: () => clone(settings),
    required_equipment_get: () => clone(required),
    required_equipment_set: ({ items }) => {
      for (const [code, percent] of items) {
        const r = required.find((x) => x.code === code);
        if (!r || percent > 100) throw err('invalid', 'Trang phục, công cụ tổ phải có (C7): tỉ lệ phải từ 1 đến 100.', [{ field: 'required_equipment', label: 'Trang phục, công cụ tổ phải có (C7)', message: 'tỉ lệ phải từ 1 đến 100' }]);
      }
      for (const r of required) r.percent = (items.find(([c]) => c === r.code) || [null, 0])[1];
      return clone(required);
    },
    settings_set: ({ key, value }) => {
      const s = settings.find((x) => x.key === key);
      if (!s) throw err('invalid', `Không có thiết lập "${key}".`);
      const n = Number(value);
      if (!Number.isInteger(n) || n < s.min || n > s.max) {
        throw err('invalid', `${s.label}: phải là số từ ${s.min} đến ${s.max}.`, [{ field: key, label: s.label, message: `phải là số từ ${s.min} đến ${s.max}` }]);
      }
      s.value = n;
      return clone(settings);
    },
    backup_now: async () => {
      await emitProgress('backup', 3, 'Đang sao lưu');
      return { file: `E:\\sao-luu\\xungkich-${todayIso}.db`, bytes: 5312512 };
    },
    restore_backup: async () => {
      await emitProgress('restore', 3, 'Đang khôi phục');
      return { file: 'E:\\sao-luu\\xungkich-2025-03-01.db', previous: 'C:\\Users\\Can bo\\AppData\\Roaming\\vn.xungkich.app\\xungkich.truoc-khi-khoi-phuc.db', unit_code: installation.unit_code, unit_name: installation.unit_name };
    },
    // A sound file: no problem to report.
    check_integrity: () => [],
    set_actor: ({ name }) => { actor = name || 'người dùng'; return null; },
    team_document: ({ kind, teamId }) => teamDocument(kind, teamId),
    // One decision by id: the fixture's founding decision of that decision's team.
    decision_document: ({ decisionId }) => {
      const d = store.decision && store.decision.get(decisionId);
      if (!d) throw err('not_found', `Không tìm thấy quyết định có mã ${decisionId}; có thể mục hồ sơ này đã bị xóa. Hãy tải lại danh sách.`);
      return teamDocument('decision', d.fields.team_id);
    },
    save_decision_document: () => 'E:\\van-ban\\Quyết định.docx',
    save_proposals_document: () => 'E:\\van-ban\\Tờ trình đề nghị khen thưởng.docx',
    // The shell answers the installation's own unit when its list was in force.
    issuing_units: () => [{ unit: { unit_set: installation.unit_set, code: installation.unit_code, level: 'commune', kind: '', name: installation.unit_name, parent_code: null }, district: null, province: null, reason: 'đơn vị của máy' }],
    save_team_document: ({ kind, teamId }) => {
      const doc = teamDocument(kind, teamId);
      const stem = doc.title.replace(/[<>:"/\\|?*]/g, '-').replace(/[\u0000-\u001f]/g, ' ').trim().replace(/\.+$/, '') || 'van-ban';
      return `E:\\van-ban\\${stem}.docx`;
    },
    document_templates: () => clone(templates),
    save_document_template: ({ template }) => {
      const t = clone(template || {});
      if (!t.id || !String(t.id).trim()) throw err('invalid', 'Mẫu văn bản: có mẫu chưa có mã (id). Hãy sửa lại danh sách mẫu (JSON) rồi lưu.', [{ field: 'doc_templates', label: 'Mẫu văn bản', message: 'có mẫu chưa có mã (id)' }]);
      const bad = (why) => {
        const message = `${why}. Hãy sửa lại danh sách mẫu (JSON) rồi lưu.`;
        return err('invalid', `Chưa lưu được vì thông tin chưa đúng: Mẫu văn bản: ${message}`, [{ field: 'doc_templates', label: 'Mẫu văn bản', message }]);
      };
      if (String(t.text || '').length > 2000) throw bad(`mẫu "${t.id}" dài quá 2000 ký tự`);
      for (const d of [t.valid_from, t.valid_to]) {
        if (d && !parseDate(d, false)) throw bad(`mẫu "${t.id}": ngày "${d}": không đọc được ngày; hãy nhập theo dạng dd/mm/yyyy`);
      }
      // As the engine stores it: empty models and dates are left out.
      const row = { id: t.id, slot: t.slot, order: Number(t.order) || 0, text: String(t.text || '').normalize('NFC') };
      if (t.models && t.models.length) row.models = t.models;
      if (t.valid_from) row.valid_from = t.valid_from;
      if (t.valid_to) row.valid_to = t.valid_to;
      const builtin = builtinTemplates.some((b) => b.id === t.id);
      const i = templates.findIndex((x) => x.id === t.id);
      const saved = { ...row, builtin, changed: true };
      if (i >= 0) templates[i] = saved; else templates.push(saved);
      return clone(templates);
    },
    reset_document_template: ({ id }) => {
      const i = templates.findIndex((x) => x.id === id);
      const original = builtinTemplates.find((b) => b.id === id);
      if (i >= 0 && original) templates[i] = clone(original);
      else if (i >= 0) templates.splice(i, 1);
      return clone(templates);
    },
    district_overview: ({ options }) => districtOverview(options || {}),
    commune_detail: ({ unitCode }) => {
      const code = String(unitCode || '').trim();
      const known = F.district.commune_details[code];
      if (known) return clone(known);
      const row = F.district.overview.communes.find((c) => c.unit_code === code);
      if (!row) throw err('outside_scope', `Đơn vị mã ${code} không thuộc phạm vi của ${installation.unit_name}. Hãy chọn một xã trong danh sách tổng hợp.`);
      // A ward that sent nothing: its line, no teams.
      const any = Object.values(F.district.commune_details)[0];
      return { on: any.on, thresholds: clone(any.thresholds), rules: clone(any.rules), read_only: true, villages_without_team: [], commune: clone(row), teams: [] };
    },
    // This year's report from the fixture, whatever the period (the engine's own
    // answer; an older fixture without it says how to make a new one).
    report_view: () => {
      const report = installation.role === 'district' ? F.district.report : F.report;
      if (!report) throw err('internal', 'Bản dữ liệu mẫu (fixture.js) chưa có báo cáo: hãy tạo lại bằng ui-dev/make-fixture.rs.');
      return clone(report);
    },
    // The same report's totals, as the engine's results_summary gives them.
    results_summary: () => {
      const report = installation.role === 'district' ? F.district.report : F.report;
      if (!report) throw err('internal', 'Bản dữ liệu mẫu (fixture.js) chưa có báo cáo: hãy tạo lại bằng ui-dev/make-fixture.rs.');
      const coverage = report.role === 'commune' ? null
        : { communes: report.communes.length, with_data: report.communes.length - report.communes_without_data };
      return clone({
        role: report.role, period: report.period, period_name: report.period_name, on: report.on,
        result_columns: report.result_columns, results: report.totals.results,
        results_year_earlier: report.totals.results_year_earlier ?? null, coverage,
      });
    },
    // The shell's answer: the sheets the engine writes, rows counted from the fixture.
    save_team_dossier: ({ zip }) => {
      const path = zip ? 'E:\\ho-so-to-dong-phuong-phuc-xa-2026-12-05.zip' : 'E:\\Lưu trữ\\ho-so-to-dong-phuong-phuc-xa-2026-12-05';
      return {
        dossier: {
          path, zip, team: 'Tổ Đông',
          files: [
            { name: '00-muc-luc.html', title: 'Mục lục hồ sơ (trang in)', bytes: 4200 },
            { name: '01-quyet-dinh/2024-03-05-qd-so-12.docx', title: 'Quyết định thành lập Tổ bảo vệ an ninh, trật tự', bytes: 18400 },
            { name: '06-so-quy.xlsx', title: 'Sổ quỹ (Excel)', bytes: 9100 },
          ],
          left_out: ['Quyết định ngày 01/11/2026 (kiện toàn): còn là dự thảo, chưa ký nên không đưa vào hồ sơ'],
        },
        file: zip ? path : `${path}\\00-muc-luc.html`,
      };
    },
    save_list: ({ kind, teamId, personalData }) => {
      if (!['members', 'equipment', 'funds'].includes(kind)) throw err('invalid', `Chưa lưu được vì thông tin chưa đúng: Danh sách: không có danh sách "${kind}"`);
      const recordKind = { members: 'member', equipment: 'equipment', funds: 'fund_entry' }[kind];
      const rows = live(recordKind).filter((r) => !teamId || r.fields.team_id === teamId).length;
      const stem = { members: 'danh-sach-thanh-vien', equipment: 'trang-phuc-cong-cu', funds: 'so-quy' }[kind];
      const sheets = { members: ['Thành viên'], equipment: ['Trang phục, công cụ'], funds: teamId ? ['Sổ quỹ'] : ['Tổng hợp'] }[kind];
      return { file: `E:\\danh-sach\\${stem}-${todayIso}.xlsx`, kind, team_id: teamId || null, rows, sheets, personal_data: Boolean(personalData) && kind !== 'equipment', bytes: 4096 };
    },
    save_report: ({ members }) => {
      const sheets = ['Tổng hợp theo xã', 'Theo tổ'];
      if (members) sheets.push('Thành viên - dữ liệu cá nhân');
      sheets.push('Thông tin');
      return { file: `E:\\bao-cao\\bao-cao-to-xung-kich-${installation.unit_code}-${todayIso.replace(/-/g, '')}.xlsx`, sheets };
    },
  };

  // ---- events -----------------------------------------------------------------

  const listeners = new Map();
  function emit(name, payload) {
    for (const fn of listeners.get(name) || []) fn({ event: name, payload });
  }

  async function invoke(cmd, args = {}) {
    calls.push({ cmd, args: clone(args) });
    await new Promise((r) => setTimeout(r, delay));
    if (q.get('fail') === cmd) throw err('busy', 'Dữ liệu đang được một thao tác khác dùng; hãy đợi vài giây rồi thử lại.');
    if (!commands[cmd]) throw err('unknown_command', `Lệnh ${cmd} không có trong hợp đồng.`);
    if (!installation && !['app_info', 'units_search', 'setup', 'open_demo', 'catalogue', 'set_actor'].includes(cmd)) {
      throw err('not_initialised', 'Máy này chưa được thiết lập; hãy chọn đơn vị trước.');
    }
    return commands[cmd](args);
  }

  window.__TAURI__ = {
    core: { invoke },
    event: {
      listen: async (name, fn) => {
        if (!listeners.has(name)) listeners.set(name, new Set());
        listeners.get(name).add(fn);
        return () => listeners.get(name).delete(fn);
      },
    },
  };
}());
