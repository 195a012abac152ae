//! The dossier's index page (`00-muc-luc.html`): what the dossier is, every file with
//! its Vietnamese title, and what was left out and why. Plain HTML that prints on A4.

use chrono::NaiveDate;

use super::DossierFile;
use crate::documents::html::escape;
use crate::records::Record;

pub(super) fn page(
    commune: &str,
    team: &Record,
    on: NaiveDate,
    files: &[DossierFile],
    left_out: &[String],
) -> String {
    let name = team.text("name").unwrap_or("");
    let status = team
        .text("status")
        .map(|c| crate::kinds::choice_label(crate::kinds::TEAM_STATUSES, c))
        .unwrap_or_default();
    let mut rows = String::new();
    for (i, f) in files.iter().enumerate() {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td class=\"num\">{}</td></tr>\n",
            i + 1,
            escape(&f.title),
            escape(&f.name),
            escape(&f.name),
            size(f.bytes)
        ));
    }
    let missing = if left_out.is_empty() {
        String::new()
    } else {
        let items: String = left_out
            .iter()
            .map(|l| format!("<li>{}</li>\n", escape(l)))
            .collect();
        format!("<h2>Không có trong hồ sơ này</h2>\n<ul>\n{items}</ul>\n")
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Mục lục hồ sơ — {name_e}</title>
<style>
@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; }}
body {{ font-family: "Times New Roman", serif; font-size: 13pt; }}
h1 {{ font-size: 14pt; text-align: center; text-transform: uppercase; }}
p.sub {{ text-align: center; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #000; padding: 3pt 5pt; vertical-align: top; }}
td.num {{ text-align: right; white-space: nowrap; }}
</style>
</head>
<body>
<p>{commune_e}</p>
<h1>Mục lục hồ sơ {name_e}</h1>
<p class="sub">Lập ngày {on_vn}. Tình trạng của tổ: {status_e}.</p>
<table>
<thead><tr><th>STT</th><th>Văn bản, tài liệu</th><th>Tệp</th><th>Dung lượng</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
{missing}<p>Hồ sơ do chương trình Sổ Tổ xung kích lập từ dữ liệu của xã; các văn bản đã ký là bản như đã ký, bản chụp là bản chương trình lưu khi đính kèm.</p>
</body>
</html>
"#,
        name_e = escape(name),
        commune_e = escape(commune),
        on_vn = crate::dates::vn(on),
        status_e = escape(&status),
    )
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
