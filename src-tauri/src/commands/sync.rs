//! Sync bundles: export to a file the user names, pick and import bundles, and what is
//! waiting (quarantined records, gaps, enrolled senders).

use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};
use xungkich::ops::{bundles, cards, receipts};
use xungkich::sync::cards::{CardInfo, TrustOutcome};
use xungkich::sync::export::{ExportOptions, ExportSummary};
use xungkich::sync::import::{Gap, ImportOptions, ImportReport, QuarantinedRecord};
use xungkich::sync::receipts::{ReceiptStatus, SavedReceipt};
use xungkich::sync::senders::{EnrolConsent, EnrolledSender};

use super::{emit_progress, today};
use crate::dialogs;
use crate::error::CommandError;
use crate::picked::PickedFile;
use crate::state::{with_overview, with_reader, with_store, AppState};

#[tauri::command]
pub async fn export_bundle<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    full: bool,
    include_sensitive: bool,
    unencrypted: Option<bool>,
    unconfirmed: Option<bool>,
) -> Result<ExportSummary, CommandError> {
    let options = ExportOptions {
        full,
        include_sensitive,
        unencrypted: unencrypted.unwrap_or(false),
        unconfirmed: unconfirmed.unwrap_or(false),
    };
    save_bundle(&app, &window, options).await
}

/// The Save dialog (its default name from the bundle's kind), then the bundle.
async fn save_bundle<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    options: ExportOptions,
) -> Result<ExportSummary, CommandError> {
    // The installation first: no dialog for a database that is not set up.
    let default_name = with_reader(app, move |store| {
        Ok(bundles::default_bundle_name(store, options, today())?)
    })
    .await?;
    let path =
        dialogs::save_file(window, "Lưu gói dữ liệu", &dialogs::BUNDLES, &default_name).await?;
    let handle = app.clone();
    with_store(app, move |store| {
        Ok(bundles::export_bundle(store, &path, options, &mut |p| {
            emit_progress(&handle, p)
        })?)
    })
    .await
}

/// What the send screen shows on top, and which bundle one press makes
/// ([`xungkich::Store::send_plan`]).
#[tauri::command]
pub async fn send_plan<R: Runtime>(
    app: AppHandle<R>,
) -> Result<xungkich::sync::send::SendPlan, CommandError> {
    with_reader(&app, |store| Ok(store.send_plan()?)).await
}

/// The monthly send in one step: the bundle the plan chooses
/// ([`xungkich::sync::send::SendPlan::options`], as `bundles::send_bundle` on the
/// command line), through the Save dialog.
#[tauri::command]
pub async fn send_bundle<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<ExportSummary, CommandError> {
    let options = with_reader(&app, |store| Ok(store.send_plan()?.options())).await?;
    save_bundle(&app, &window, options).await
}

/// A receiving unit's export: a folder the user picks, one bundle per commune
/// ([`bundles::export_to_communes`]).
#[tauri::command]
pub async fn export_to_communes<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    full: bool,
    unencrypted: Option<bool>,
) -> Result<Vec<ExportSummary>, CommandError> {
    app.state::<AppState>().check_open()?;
    let folder = dialogs::pick_folder(&window, "Chọn thư mục để lưu gói cho từng xã").await?;
    let options = ExportOptions {
        full,
        unencrypted: unencrypted.unwrap_or(false),
        ..Default::default()
    };
    let handle = app.clone();
    with_store(&app, move |store| {
        Ok(bundles::export_to_communes(
            store,
            &folder,
            options,
            &mut |p| emit_progress(&handle, p),
        )?)
    })
    .await
}

#[tauri::command]
pub async fn pick_bundles<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Vec<PickedFile>, CommandError> {
    app.state::<AppState>().check_open()?;
    let paths = dialogs::open_files(
        &window,
        "Chọn các gói dữ liệu để nhập",
        &dialogs::BUNDLES,
        true,
    )
    .await?;
    Ok(app.state::<AppState>().picked.remember(paths))
}

/// The bundles in a folder the user picks (a USB stick with every commune's bundle).
#[tauri::command]
pub async fn pick_bundle_folder<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<Vec<PickedFile>, CommandError> {
    app.state::<AppState>().check_open()?;
    let folder = dialogs::pick_folder(&window, "Chọn thư mục chứa các gói dữ liệu").await?;
    let paths = bundles::bundle_files(&[folder])?;
    Ok(app.state::<AppState>().picked.remember(paths))
}

/// Imports bundle files (or folders of them), then prepares the overview on a
/// receiving unit: [`bundles::import_bundles`].
#[tauri::command]
pub async fn import_bundles<R: Runtime>(
    app: AppHandle<R>,
    files: Vec<String>,
    dry_run: Option<bool>,
    enrol: Option<Vec<String>>,
    re_enrol: Option<Vec<String>>,
) -> Result<Vec<ImportReport>, CommandError> {
    // The fingerprints the officer compared on the phone (one per sender): only keys
    // with these are enrolled, whatever else the chosen files hold.
    let consent = EnrolConsent::new(&enrol.unwrap_or_default(), &re_enrol.unwrap_or_default())
        .map_err(|typed| {
            xungkich::Error::invalid(
                "enrol",
                "Mã xác nhận",
                format!("\"{typed}\" không phải mã xác nhận"),
            )
        })?;
    let options = ImportOptions {
        consent,
        dry_run: dry_run.unwrap_or(false),
    };
    // Tokens of files the dialogs gave, never paths from the page (after the database,
    // so a database that cannot open answers first, as for every command).
    app.state::<AppState>().check_open()?;
    let paths = app.state::<AppState>().picked.resolve(&files)?;
    let handle = app.clone();
    with_overview(&app, move |store, kept| {
        Ok(bundles::import_bundles(
            store,
            &paths,
            options,
            Some((kept, today())),
            &mut |p| emit_progress(&handle, p),
        )?)
    })
    .await
}

#[derive(Debug, Serialize)]
pub struct Pending {
    pub quarantine: Vec<QuarantinedRecord>,
    pub gaps: Vec<Gap>,
    pub senders: Vec<EnrolledSender>,
}

#[tauri::command]
pub async fn pending<R: Runtime>(app: AppHandle<R>) -> Result<Pending, CommandError> {
    with_reader(&app, |store| {
        Ok(Pending {
            quarantine: store.quarantine()?,
            gaps: store.gaps()?,
            senders: store.senders()?,
        })
    })
    .await
}

/// Stops accepting an enrolled sender's key ([`xungkich::Store::revoke_sender`]): its
/// records stay, its later bundles are refused with a reason.
#[tauri::command]
pub async fn revoke_sender<R: Runtime>(
    app: AppHandle<R>,
    installation: String,
) -> Result<EnrolledSender, CommandError> {
    with_store(&app, move |store| Ok(store.revoke_sender(&installation)?)).await
}

/// A receiving unit's card, saved where the officer chooses
/// ([`cards::write_receiver_card`]).
#[tauri::command]
pub async fn save_receiver_card<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<SavedCard, CommandError> {
    // The card first: a commune gets its refusal before any dialog.
    let unit = with_reader(&app, |store| Ok(store.receiver_card()?.1.unit_code)).await?;
    let path = dialogs::save_file(
        &window,
        "Lưu thẻ đơn vị tiếp nhận",
        &dialogs::CARDS,
        &cards::card_file_name(&unit),
    )
    .await?;
    with_reader(&app, move |store| {
        let (file, card) = cards::write_receiver_card(store, &path)?;
        Ok(SavedCard { file, card })
    })
    .await
}

#[derive(Debug, Serialize)]
pub struct SavedCard {
    pub file: std::path::PathBuf,
    pub card: CardInfo,
}

/// A card file the clerk picks, checked, with the fingerprint to compare over the
/// phone: the token the trust takes, never a path from the page.
#[tauri::command]
pub async fn pick_card<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
) -> Result<PickedCard, CommandError> {
    app.state::<AppState>().check_open()?;
    let paths = dialogs::open_files(
        &window,
        "Chọn tệp thẻ của đơn vị tiếp nhận",
        &dialogs::CARDS,
        false,
    )
    .await?;
    let card = match paths.first() {
        Some(path) => cards::preview_card(path)?,
        None => return Err(CommandError::cancelled()),
    };
    let file = app
        .state::<AppState>()
        .picked
        .remember(paths)
        .pop()
        .ok_or_else(CommandError::cancelled)?;
    Ok(PickedCard { file, card })
}

#[derive(Debug, Serialize)]
pub struct PickedCard {
    pub file: PickedFile,
    pub card: CardInfo,
}

/// Trusts the picked card once the clerk confirmed its fingerprint
/// ([`cards::trust_card`]).
#[tauri::command]
pub async fn trust_card<R: Runtime>(
    app: AppHandle<R>,
    file: String,
    fingerprint: String,
) -> Result<TrustOutcome, CommandError> {
    app.state::<AppState>().check_open()?;
    let path = app
        .state::<AppState>()
        .picked
        .resolve(&[file])?
        .pop()
        .ok_or_else(CommandError::cancelled)?;
    with_store(&app, move |store| {
        Ok(cards::trust_card(store, &path, &fingerprint)?)
    })
    .await
}

/// The cards this commune has trusted, the one in use first.
#[tauri::command]
pub async fn receiver_cards<R: Runtime>(app: AppHandle<R>) -> Result<Vec<CardInfo>, CommandError> {
    with_reader(&app, |store| Ok(store.receiver_cards()?)).await
}

/// A receiving unit's recovery bundle for a commune whose laptop died
/// ([`bundles::export_recovery`]), saved where the officer chooses.
#[tauri::command]
pub async fn save_recovery<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    unit: String,
) -> Result<ExportSummary, CommandError> {
    app.state::<AppState>().check_open()?;
    let default_name = xungkich::sync::recovery::recovery_file_name(&unit, today());
    let path = dialogs::save_file(
        &window,
        "Lưu bản khôi phục cho xã",
        &dialogs::BUNDLES,
        &default_name,
    )
    .await?;
    let handle = app.clone();
    with_store(&app, move |store| {
        Ok(bundles::export_recovery(store, &unit, &path, &mut |p| {
            emit_progress(&handle, p)
        })?)
    })
    .await
}

/// A receiving unit's receipt for one commune, saved where the officer chooses
/// ([`receipts::save_receipt`]). The per-commune bundles carry one each already.
#[tauri::command]
pub async fn save_receipt<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    unit: String,
) -> Result<SavedReceipt, CommandError> {
    // The receipt first: a commune, an unknown code or nothing received answers before
    // any dialog.
    let name = {
        let unit = unit.clone();
        with_reader(&app, move |store| {
            Ok(receipts::default_receipt_name(store, &unit)?)
        })
        .await?
    };
    let path = dialogs::save_file(&window, "Lưu biên nhận", &dialogs::BUNDLES, &name).await?;
    with_store(&app, move |store| {
        Ok(receipts::save_receipt(store, &unit, &path)?)
    })
    .await
}

/// The enrolment sheet as a document model, drawn and printed by the page (commune, a
/// card trusted): both units and both fingerprints, for both sides to sign.
#[tauri::command]
pub async fn enrolment_sheet<R: Runtime>(
    app: AppHandle<R>,
) -> Result<xungkich::documents::model::Document, CommandError> {
    with_reader(&app, move |store| Ok(store.enrolment_sheet(today())?)).await
}

/// The receiving unit's card sheet as a document model, drawn and printed by the page:
/// the unit and the card's fingerprint in six groups of four, to hand out with the card.
#[tauri::command]
pub async fn card_sheet<R: Runtime>(
    app: AppHandle<R>,
) -> Result<xungkich::documents::model::Document, CommandError> {
    with_reader(&app, move |store| Ok(store.receiver_card_sheet(today())?)).await
}

/// What the receiving unit's newest receipt says to this commune (`null` without one).
#[tauri::command]
pub async fn receipt_status<R: Runtime>(
    app: AppHandle<R>,
) -> Result<Option<ReceiptStatus>, CommandError> {
    with_reader(&app, |store| Ok(receipts::receipt_status(store)?)).await
}
