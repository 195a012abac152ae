// The window's command API (docs/desktop-api.md), one function per command.
// This is the only module that touches `window.__TAURI__`: the rest of the UI sees plain
// async functions, and every failure as the contract's `{code, message, problems}`.

function tauri() {
  const t = window.__TAURI__;
  if (!t || !t.core || typeof t.core.invoke !== 'function') {
    throw apiError('no_shell', 'Không kết nối được với chương trình. Hãy đóng cửa sổ và mở lại Sổ Tổ xung kích.');
  }
  return t;
}

function apiError(code, message, problems = []) {
  return { code, message, problems };
}

/** Whatever a command rejected with, as `{code, message, problems}`. */
export function toApiError(e) {
  if (e && typeof e === 'object' && typeof e.code === 'string' && typeof e.message === 'string') {
    return apiError(e.code, e.message, Array.isArray(e.problems) ? e.problems : []);
  }
  if (typeof e === 'string') {
    // A shell that serialised the error as JSON text, or a plain Tauri error string.
    try { return toApiError(JSON.parse(e)); } catch { /* not JSON */ }
    return apiError('unknown', e);
  }
  return apiError('unknown', 'Đã có lỗi không mong đợi. Hãy thử lại; nếu vẫn lỗi, hãy báo cán bộ kỹ thuật.');
}

async function call(command, args) {
  try {
    return await tauri().core.invoke(command, args);
  } catch (e) {
    throw toApiError(e);
  }
}

export const appInfo = () => call('app_info');
export const ownerNames = () => call('owner_names');
/** The units that may issue a document dated `on` (dd/mm/yyyy; null: today). */
export const issuingUnits = (on) => call('issuing_units', { on });
export const unitsSearch = (query, unitSet, level = null) => call('units_search', { query, unitSet, level });
export const setup = (role, unitSet, unitCode) => call('setup', { role, unitSet, unitCode });
export const openDemo = () => call('open_demo');
export const catalogue = () => call('catalogue');
export const dashboard = (on = null) => call('dashboard', { on });
export const listRecords = (kind, { parentField = null, parentId = null, includeDeleted = false } = {}) =>
  call('list_records', { kind, parentField, parentId, includeDeleted });
export const getRecord = (kind, id) => call('get_record', { kind, id });
export const createRecord = (kind, fields) => call('create_record', { kind, fields });
export const updateRecord = (kind, id, fields) => call('update_record', { kind, id, fields });
export const deletePreview = (kind, id) => call('delete_preview', { kind, id });
export const deleteRecord = (kind, id) => call('delete_record', { kind, id });
export const history = (id) => call('history', { id });
/** "Đã xóa gần đây": the deletions of the last 30 days, newest first. */
export const recentlyDeleted = () => call('recently_deleted');
/** Undoes one deletion of `recentlyDeleted` (its `id`). */
export const restoreDeleted = (batch) => call('restore_deleted', { batch });
export const freezeDecision = (id) => call('freeze_decision', { id });
export const setParticipants = (kind, eventId, teamId, memberIds) => call('set_participants', { kind, eventId, teamId, memberIds });
export const participantsTicked = (kind, eventId, teamId) => call('participants_ticked', { kind, eventId, teamId });
export const search = (text, limit = 30) => call('search', { text, limit });
/**
 * `unencrypted`: write the bundle in clear, only on the clerk's explicit, warned choice.
 * `unconfirmed`: every change after what the receiving unit confirmed in a receipt.
 */
export const sendPlan = () => call('send_plan');
export const sendBundle = () => call('send_bundle');
export const exportBundle = (full, includeSensitive, unencrypted = false, unconfirmed = false) =>
  call('export_bundle', { full, includeSensitive, unencrypted, unconfirmed });
/** A receiving unit's export: a folder is picked, one bundle per commune is written. */
export const exportToCommunes = (full, unencrypted = false) => call('export_to_communes', { full, unencrypted });
/** The receiving unit's card: saved to a file the officer picks, `{file, card}`. */
export const saveReceiverCard = () => call('save_receiver_card');
/** A card file picked and checked: `{file: {token, path, name}, card}`. */
export const pickCard = () => call('pick_card');
export const trustCard = (file, fingerprint) => call('trust_card', { file, fingerprint });
export const receiverCards = () => call('receiver_cards');
export const enrolmentSheet = () => call('enrolment_sheet');
export const cardSheet = () => call('card_sheet');
/** What is held about one member, as a document model (for the person who asks). */
export const personalRecord = (id) => call('personal_record', { id });
/** A receiving unit's recovery bundle for `unit` (a commune whose laptop died). */
export const saveRecovery = (unit) => call('save_recovery', { unit });
/** A receiving unit's receipt for one commune, saved where the officer picks. */
export const saveReceipt = (unit) => call('save_receipt', { unit });
/** What the newest receipt says to this commune, or `null`. */
export const receiptStatus = () => call('receipt_status');
/** The pickers answer `[{token, path, name}]`. */
export const pickBundles = () => call('pick_bundles');
export const pickBundleFolder = () => call('pick_bundle_folder');
export const teamDocument = (kind, teamId) => call('team_document', { kind, teamId });
export const saveTeamDocument = (kind, teamId) => call('save_team_document', { kind, teamId });
/** One decision's document by its id (any type the program prints). */
export const decisionDocument = (decisionId) => call('decision_document', { decisionId });
export const saveDecisionDocument = (decisionId) => call('save_decision_document', { decisionId });
/** Opens a file the window saved (its program), or its folder (`folder` true). */
export const openSaved = (file, folder = false) => call('open_saved', { file, folder });
export const documentTemplates = () => call('document_templates');
export const saveDocumentTemplate = (template) => call('save_document_template', { template });
export const resetDocumentTemplate = (id) => call('reset_document_template', { id });
export const districtOverview = (options = {}) => call('district_overview', { options });
export const communeDetail = (unitCode) => call('commune_detail', { unitCode });
export const reportView = (period) => call('report_view', { period });
/** The report's totals for `period` alone (the results panel). */
export const resultsSummary = (period) => call('results_summary', { period });
export const saveProposalsDocument = (period) => call('save_proposals_document', { period });
/**
 * A list saved as Excel where the clerk picks: `kind` members | equipment | funds, of
 * `teamId` or the whole commune (null); `personalData` adds the personal columns under
 * the warning. Answers `{file, rows, sheets, personal_data, …}`.
 */
export const saveList = (kind, teamId, personalData) => call('save_list', { kind, teamId, personalData });
/** A team's dossier for the archive: `zip` (a Save dialog) or a folder (a folder dialog). */
export const saveTeamDossier = (teamId, { zip = true, personalData = false } = {}) =>
  call('save_team_dossier', { teamId, zip, personalData });
export const saveReport = (members, period, format = 'xlsx') => call('save_report', { members, period, format });
/**
 * `files`: the tokens the pickers gave (the page never hands the shell a path).
 * `enrol` / `reEnrol`: the fingerprints the officer compared by phone, one per sender.
 */
export const importBundles = (files, { dryRun = false, enrol = [], reEnrol = [] } = {}) =>
  call('import_bundles', { files, dryRun, enrol, reEnrol });
export const revokeSender = (installation) => call('revoke_sender', { installation });
export const pending = () => call('pending');
export const attachFile = () => call('attach_file');
/** A stored scan for the page to show: `{mime, size, base64}`. */
export const scanView = (sha256) => call('scan_view', { sha256 });
export const saveScan = (sha256) => call('save_scan', { sha256 });
export const openScan = (sha256) => call('open_scan', { sha256 });
/** The signed decisions' scans of a unit (a commune's code), or of all (null). */
export const decisionScans = (unit = null) => call('decision_scans', { unit });
/** Open dialog for a member list (.xlsx, .xls, .csv) → `{token, path, name}`. */
export const pickMemberList = () => call('pick_member_list');
/**
 * Reads the picked list (`file`: its token) into `team` (null: the list's "Tổ" column);
 * `columns`: the clerk's corrections `[{index, target}]` or null; `dryRun`: only say.
 */
export const importMembers = (file, { team = null, sheet = null, columns = null, dryRun = true } = {}) =>
  call('import_members', { file, team, sheet, columns, dryRun });
/** A training's roll from the picked file (its token), as `importMembers`. */
export const importRoll = (file, training, { sheet = null, columns = null, dryRun = true } = {}) =>
  call('import_roll', { file, training, sheet, columns, dryRun });
export const settingsGet = () => call('settings_get');
export const settingsSet = (key, value) => call('settings_set', { key, value });
export const requiredEquipmentGet = () => call('required_equipment_get');
export const requiredEquipmentSet = (items) => call('required_equipment_set', { items });
export const backupNow = () => call('backup_now');
export const checkIntegrity = () => call('check_integrity');
/** `code`: the recovery code as typed (an encrypted backup, or another computer's keys), or null. */
export const restoreBackup = (code = null) => call('restore_backup', { code });
export const recoverySheet = () => call('recovery_sheet');
export const restoreKeys = (code) => call('restore_keys', { code });
export const autoBackups = () => call('auto_backups');
export const restoreAutoBackup = (fileName) => call('restore_auto_backup', { fileName });
export const setActor = (name) => call('set_actor', { name });

/**
 * Listens to `progress` events of one task ("export", "import", "backup", "restore",
 * "demo"). Returns a function that stops listening.
 */
export async function onProgress(task, handler) {
  const t = tauri();
  if (!t.event || typeof t.event.listen !== 'function') return () => {};
  const unlisten = await t.event.listen('progress', (event) => {
    const p = event && event.payload;
    if (p && p.task === task) handler(p);
  });
  return typeof unlisten === 'function' ? unlisten : () => {};
}

/** True when the user closed a file dialog: not an error worth a banner. */
export const isCancelled = (err) => err && err.code === 'cancelled';
