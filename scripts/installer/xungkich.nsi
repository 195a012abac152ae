; The Windows installer of Sổ Tổ xung kích (issue 14, item 2), for Debian's makensis.
; Built by scripts/build-installer, which passes the defines below; read that script
; for why this is a script of ours and not Tauri's bundler.
;
; What it does, and why:
; - 64-bit, per user, no administrator rights: a commune clerk's laptop is often
;   managed by someone else, and the clerk must be able to install and update alone.
;   The program goes to %LOCALAPPDATA%\Programs\Sổ Tổ xung kích (where Windows puts
;   per-user programs), the window and the command line side by side.
; - The data is never in the program folder: the window keeps it in
;   %APPDATA%\vn.xungkich.so-to (Tauri's app data folder for our identifier,
;   src-tauri/src/state.rs). Installing over an older version replaces the program
;   files only; uninstalling keeps the data unless the box "Xoá cả dữ liệu" is ticked
;   (silently: unless /PURGE is given).
; - WebView2 draws the window. If Windows has no WebView2 runtime, the installer runs
;   Microsoft's installer when it has one (packed in by the release builder, or found
;   beside setup.exe), else says what to install.
;
; Defines (makensis /D...): VERSION (x.y.z), SRC_DIR (folder holding
; xungkich-desktop.exe, xungkich.exe and WebView2Loader.dll), OUT_FILE, ICON; optional WEBVIEW2_FILE and
; WEBVIEW2_NAME (the Microsoft installer to pack in, and its file name).
; Saved as UTF-8 with a byte-order mark: makensis reads a file without one in the
; system's ANSI code page.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include Sections.nsh

!define PRODUCT "Sổ Tổ xung kích"
!define PUBLISHER "Sổ Tổ xung kích"
!define APP_ID "vn.xungkich.so-to"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_OFFLINE "MicrosoftEdgeWebView2RuntimeInstallerX64.exe"
!define WEBVIEW2_BOOTSTRAPPER "MicrosoftEdgeWebview2Setup.exe"

Name "${PRODUCT}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
; An upgrade goes where the last install went.
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "Bộ cài ${PRODUCT}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT OR Apache-2.0"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\xungkich-desktop.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${PRODUCT} ngay"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

; The uninstaller's components page is the box that asks whether to delete the data:
; one ticked, greyed line (the program) and one unticked line (the data).
!define MUI_COMPONENTSPAGE_NODESC
!insertmacro MUI_UNPAGE_CONFIRM
; (A page's texts are defined just before it.)
!define MUI_COMPONENTSPAGE_TEXT_TOP "Chương trình sẽ được gỡ khỏi máy. Dữ liệu (sổ, bản sao lưu, khoá) được giữ lại để cài lại sau này, trừ khi bạn đánh dấu ô xoá dữ liệu dưới đây."
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"

; --- WebView2 -----------------------------------------------------------------------
; Microsoft's documented check: the Evergreen runtime's "pv" value under EdgeUpdate's
; client key, per machine (32-bit view on 64-bit Windows) or per user; empty or
; 0.0.0.0 means not installed.
Function WebView2Version
    SetRegView 64
    ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
    ${If} $0 == ""
    ${OrIf} $0 == "0.0.0.0"
        ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
    ${EndIf}
    ${If} $0 == "0.0.0.0"
        StrCpy $0 ""
    ${EndIf}
FunctionEnd

Function RunWebView2Installer
    ; $1: the Microsoft installer to run. /silent /install: per user when not elevated.
    DetailPrint "Đang cài Microsoft Edge WebView2 Runtime…"
    ExecWait '"$1" /silent /install' $2
    DetailPrint "Bộ cài WebView2 kết thúc (mã $2)."
FunctionEnd

Function EnsureWebView2
    Call WebView2Version
    ${If} $0 != ""
        DetailPrint "Đã có Microsoft Edge WebView2 Runtime $0."
        Return
    ${EndIf}
    DetailPrint "Máy chưa có Microsoft Edge WebView2 Runtime."
    StrCpy $1 ""
!ifdef WEBVIEW2_FILE
    ; Packed in by the release builder.
    InitPluginsDir
    File "/oname=$PLUGINSDIR\${WEBVIEW2_NAME}" "${WEBVIEW2_FILE}"
    StrCpy $1 "$PLUGINSDIR\${WEBVIEW2_NAME}"
!endif
    ; Or carried beside setup.exe (a USB stick with both files).
    ${If} $1 == ""
    ${AndIf} ${FileExists} "$EXEDIR\${WEBVIEW2_OFFLINE}"
        StrCpy $1 "$EXEDIR\${WEBVIEW2_OFFLINE}"
    ${EndIf}
    ${If} $1 == ""
    ${AndIf} ${FileExists} "$EXEDIR\${WEBVIEW2_BOOTSTRAPPER}"
        StrCpy $1 "$EXEDIR\${WEBVIEW2_BOOTSTRAPPER}"
    ${EndIf}
    ${If} $1 != ""
        Call RunWebView2Installer
        Call WebView2Version
        ${If} $0 != ""
            DetailPrint "Đã cài Microsoft Edge WebView2 Runtime $0."
            Return
        ${EndIf}
    ${EndIf}
    DetailPrint "Chưa cài được WebView2: chương trình sẽ chưa mở được cửa sổ."
    MessageBox MB_OK|MB_ICONEXCLAMATION "Máy tính này chưa có Microsoft Edge WebView2 Runtime, thành phần Windows mà ${PRODUCT} cần để hiện cửa sổ.$\r$\n$\r$\nChương trình vẫn được cài. Hãy cài thêm $\"Microsoft Edge WebView2 Runtime$\" (bản Evergreen, x64): nhờ cán bộ kỹ thuật chép tệp ${WEBVIEW2_OFFLINE} bằng USB vào cùng thư mục với bộ cài này rồi chạy lại bộ cài, hoặc tải từ trang của Microsoft khi có mạng." /SD IDOK
FunctionEnd

; --- install --------------------------------------------------------------------------
Section "${PRODUCT}" SEC_PROGRAM
    SectionIn RO
    SetOutPath "$INSTDIR"
    ; Upgrade in place: the same files replaced. Nothing here is data.
    File "${SRC_DIR}\xungkich-desktop.exe"
    File "${SRC_DIR}\xungkich.exe"
    ; Microsoft's WebView2 loader: a windows-gnu build links it as a DLL (its static
    ; library is for MSVC only), so without it beside the .exe Windows refuses to start
    ; the window at all, WebView2 runtime or not.
    File "${SRC_DIR}\WebView2Loader.dll"
    WriteUninstaller "$INSTDIR\Uninstall.exe"

    ; Shortcuts for the current user only (no rights needed).
    CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\xungkich-desktop.exe" "" "$INSTDIR\xungkich-desktop.exe" 0
    CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\xungkich-desktop.exe" "" "$INSTDIR\xungkich-desktop.exe" 0

    ; "Apps & features": per user, under HKCU.
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\xungkich-desktop.exe"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
    WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\Uninstall.exe"'
    WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\Uninstall.exe" /S'
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
    ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
    IntFmt $0 "0x%08X" $0
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0

    Call EnsureWebView2
SectionEnd

; --- uninstall ------------------------------------------------------------------------
Section "un.Chương trình ${PRODUCT}" SEC_UN_PROGRAM
    SectionIn RO
    Delete "$INSTDIR\xungkich-desktop.exe"
    Delete "$INSTDIR\xungkich.exe"
    Delete "$INSTDIR\WebView2Loader.dll"
    Delete "$INSTDIR\Uninstall.exe"
    RMDir "$INSTDIR"
    Delete "$SMPROGRAMS\${PRODUCT}.lnk"
    Delete "$DESKTOP\${PRODUCT}.lnk"
    DeleteRegKey HKCU "${UNINSTALL_KEY}"
SectionEnd

; Unticked unless the user ticks it (or /PURGE is given silently).
Section /o "un.Xoá cả dữ liệu (sổ, bản sao lưu, khoá) — không lấy lại được" SEC_UN_DATA
    DetailPrint "Xoá dữ liệu trong $APPDATA\${APP_ID}"
    RMDir /r "$APPDATA\${APP_ID}"
SectionEnd

Function un.onInit
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/PURGE" $R1
    ${IfNot} ${Errors}
        !insertmacro SelectSection ${SEC_UN_DATA}
    ${EndIf}
FunctionEnd
