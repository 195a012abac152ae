//! Sentences the demo records carry: duties of a team, activity contents and results,
//! fund purposes, findings. `{v}` stands for the village in running text ("thôn Đông
//! Hòa"), `{x}` for the commune ("xã Đông Tiến").

/// Duties after the 2023 Law (Art. 7–12): one line each, in the order a regulation
/// lists them. The first six are kept by every regulation.
pub(crate) const DUTIES: &[&str] = &[
    "Hỗ trợ Công an {x} nắm tình hình an ninh, trật tự; thu thập, cung cấp thông tin về tội phạm, vi phạm pháp luật trên địa bàn {v}.",
    "Hỗ trợ xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc; tuyên truyền, phổ biến chủ trương của Đảng, chính sách, pháp luật của Nhà nước cho nhân dân.",
    "Hỗ trợ tuần tra, canh gác bảo đảm an ninh, trật tự, an toàn giao thông; giữ gìn trật tự tại các sự kiện, lễ hội trên địa bàn.",
    "Hỗ trợ phòng cháy, chữa cháy, cứu nạn, cứu hộ; tham gia khắc phục hậu quả thiên tai, dịch bệnh.",
    "Tiếp nhận tin báo, tố giác về tội phạm, vi phạm pháp luật và báo ngay cho Công an {x}; giữ bí mật người cung cấp thông tin.",
    "Tổ chức sinh hoạt định kỳ hằng tháng; báo cáo kết quả hoạt động với Công an {x} và {h}.",
    "Hỗ trợ quản lý cư trú; nắm số người tạm trú, tạm vắng; hỗ trợ quản lý vũ khí, vật liệu nổ, công cụ hỗ trợ.",
    "Hỗ trợ giáo dục, cảm hóa người vi phạm pháp luật, người chấp hành xong án phạt tù cư trú tại {v}.",
    "Tham gia hòa giải mâu thuẫn, tranh chấp nhỏ trong nhân dân, không để phát sinh phức tạp.",
    "Thực hiện nhiệm vụ khác khi được Chủ tịch Ủy ban nhân dân {x}, Trưởng Công an {x} giao.",
];

pub(crate) const PATROL_ROUTES: &[&str] = &[
    "Tuyến đường trục chính {v}",
    "Khu vực nhà văn hóa {v} và các ngõ xóm",
    "Tuyến đường liên thôn qua {v}",
    "Khu vực chợ và trường học trên địa bàn {v}",
    "Khu vực cổng làng, bờ đê và cánh đồng {v}",
    "Các ngõ, xóm {v}",
    "Khu vực trạm y tế, trường mầm non {v}",
];

pub(crate) const PATROL_ROUTES_URBAN: &[&str] = &[
    "Các tuyến phố, ngõ trong {v}",
    "Khu vực chợ dân sinh và các điểm kinh doanh ở {v}",
    "Khu vực vườn hoa, sân chơi {v}",
    "Tuyến đường trục chính qua {v}",
    "Khu vực nhà trọ, nhà cho thuê trên địa bàn {v}",
    "Khu vực trường học, trạm y tế {v}",
];

pub(crate) const PATROL_ROUTES_MOUNTAIN: &[&str] = &[
    "Đường vào {v} và khu vực đầu bản",
    "Khu vực cầu treo, bến đò {v}",
    "Đường lên nương, khu vực chăn thả gia súc {v}",
    "Khu vực nhà văn hóa và các cụm dân cư {v}",
    "Tuyến đường liên bản qua {v}",
];

pub(crate) const PATROL_RESULTS: &[(&str, u32)] = &[
    (
        "Tình hình an ninh, trật tự ổn định; không phát hiện vụ việc.",
        70,
    ),
    (
        "Nhắc nhở 02 thanh niên tụ tập uống rượu, gây ồn ào sau 22 giờ; các đối tượng đã giải tán.",
        8,
    ),
    (
        "Phát hiện 01 xe máy để ngoài đường không khóa, đã thông báo cho chủ xe.",
        6,
    ),
    (
        "Phát hiện 01 người lạ có biểu hiện nghi vấn, đã kiểm tra giấy tờ và báo Công an {x}.",
        5,
    ),
    (
        "Nhắc nhở các hộ kinh doanh đóng cửa đúng giờ, giữ trật tự công cộng.",
        6,
    ),
    (
        "Phát hiện đèn đường hỏng tại ngã ba, đã báo {h} để sửa chữa.",
        5,
    ),
];

pub(crate) const PROPAGANDA_TOPICS: &[&str] = &[
    "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    "phòng, chống tội phạm và tệ nạn ma túy",
    "phòng, chống lừa đảo chiếm đoạt tài sản qua mạng",
    "bảo đảm trật tự, an toàn giao thông",
    "phòng cháy, chữa cháy trong mùa hanh khô",
    "làm thủ tục cấp thẻ căn cước và kích hoạt tài khoản định danh điện tử",
    "phòng, chống tín dụng đen",
    "giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ",
    "phòng, chống bạo lực gia đình",
    "xây dựng khu dân cư an toàn về an ninh, trật tự",
];

pub(crate) const DISPUTES: &[&str] = &[
    "Tranh chấp ranh giới đất giữa hai hộ liền kề",
    "Mâu thuẫn trong gia đình",
    "Mâu thuẫn hàng xóm do gia súc phá hoại hoa màu",
    "Tranh chấp lối đi chung",
    "Va chạm giao thông nhẹ",
    "Mâu thuẫn do vay mượn tiền",
    "Mâu thuẫn do tiếng ồn, xả nước thải",
];

pub(crate) const TIPS: &[&str] = &[
    "Tin báo có người lạ nghi trộm cắp gia súc",
    "Tin báo nghi vấn sử dụng trái phép chất ma túy",
    "Tin báo có nhóm người tụ tập đánh bạc",
    "Tin báo mất trộm xe máy",
    "Tin báo có đối tượng cho vay lãi nặng",
    "Tin báo đánh nhau gây mất trật tự",
];

pub(crate) const SITUATION_WORK: &[&str] = &[
    "Nắm tình hình người tạm trú, lao động từ nơi khác đến làm việc trên địa bàn {v}.",
    "Rà soát người nghiện ma túy, người chấp hành xong án phạt tù cư trú tại {v}.",
    "Nắm tình hình an ninh, trật tự trước dịp Tết Nguyên đán.",
    "Nắm tình hình các hộ kinh doanh dịch vụ có điều kiện về an ninh, trật tự.",
    "Nắm tình hình thanh thiếu niên tụ tập, sử dụng xe máy gây mất trật tự.",
];

pub(crate) const FIRE_WORK: &[&str] = &[
    "Hỗ trợ chữa cháy nhà kho của một hộ gia đình tại {v}.",
    "Hỗ trợ nhân dân di dời tài sản khi mưa lũ.",
    "Kiểm tra, hướng dẫn phòng cháy, chữa cháy tại các hộ kinh doanh trên địa bàn {v}.",
    "Tham gia diễn tập phương án chữa cháy và cứu nạn, cứu hộ tại {v}.",
    "Hỗ trợ tìm kiếm người đi rừng bị lạc.",
];

pub(crate) const RESIDENCE_WORK: &[&str] = &[
    "Hỗ trợ Công an {x} rà soát, thu thập, cập nhật thông tin dân cư tại {v}.",
    "Hướng dẫn người dân đăng ký tạm trú, khai báo tạm vắng.",
];

pub(crate) const REEDUCATION_WORK: &[&str] = &[
    "Phối hợp với gia đình giúp đỡ, giáo dục người chấp hành xong án phạt tù tái hòa nhập cộng đồng.",
    "Gặp gỡ, động viên thanh niên vi phạm pháp luật tham gia học nghề, làm ăn lương thiện.",
];

pub(crate) const SPENDING: &[&str] = &[
    "Mua đèn pin, pin dự phòng phục vụ tuần tra",
    "Hỗ trợ thành viên tuần tra đêm",
    "Mua nước uống, đồ ăn nhẹ cho ca trực đêm",
    "Mua áo mưa, ủng phục vụ tuần tra mùa mưa",
    "Sửa chữa loa truyền thanh của {v}",
    "In tờ rơi tuyên truyền phòng, chống tội phạm",
    "Thăm hỏi thành viên ốm đau",
    "Mua sổ sách, văn phòng phẩm",
];

pub(crate) const COMMENDATION_ACHIEVEMENTS: &[&str] = &[
    "Đã có thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh Tổ quốc năm {y}.",
    "Đã có thành tích trong phát hiện, phối hợp bắt giữ đối tượng trộm cắp tài sản.",
    "Đã có thành tích tiêu biểu trong thực hiện Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.",
    "Đã có thành tích trong công tác phòng cháy, chữa cháy và cứu nạn, cứu hộ năm {y}.",
];

pub(crate) const EXIT_REASONS: &[&str] = &[
    "Chuyển nơi cư trú",
    "Lý do sức khỏe",
    "Đi làm ăn xa",
    "Xin thôi tham gia vì hoàn cảnh gia đình",
];

pub(crate) const SUSPENSION_NOTES: &[&str] = &[
    "Tạm dừng hoạt động do Tổ trưởng chuyển nơi cư trú; đang kiện toàn lại Tổ.",
    "Tạm dừng hoạt động để sáp nhập địa bàn sau khi sắp xếp thôn.",
];

/// Replaces `{v}`, `{h}` (the village's head: "Trưởng thôn …", "Tổ trưởng tổ dân phố
/// …"), `{x}` and `{y}` in a sentence.
pub(crate) fn fill(template: &str, village: &str, commune: &str, year: i32) -> String {
    let mut out = template.replace("{v}", village).replace("{x}", commune);
    if out.contains("{h}") {
        out = out.replace("{h}", &crate::documents::templates::village_head(village));
    }
    if out.contains("{y}") {
        out = out.replace("{y}", &year.to_string());
    }
    out
}

/// "Thôn Đông Hòa" → "thôn Đông Hòa" (the common noun is lower case in running text).
pub(super) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => String::new(),
    }
}

/// A small, valid one-page PDF standing in for the scan of a signed decision: the demo
/// has no scanner, but C1 asks for a scan and the attachment store wants real files.
/// The text is folded to ASCII because the PDF's standard font has no Vietnamese.
pub(super) fn sample_scan_pdf(lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT /F1 13 Tf 72 770 Td 16 TL\n");
    for line in lines {
        let ascii: String = crate::text::fold(line)
            .chars()
            .filter(|c| c.is_ascii() && !c.is_ascii_control())
            .collect();
        let escaped = ascii
            .replace('\\', "\\\\")
            .replace('(', "\\(")
            .replace(')', "\\)");
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}
