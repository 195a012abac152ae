//! The articles a statutory team's standard regulation takes from the 2023 Law on
//! grassroots security forces and its implementing acts (issue 13, item 7; domain.md
//! §4.3): the tasks of Art. 7–12 (among them supporting the administration of social
//! order), the member standards of Art. 13, allowances and benefits, uniforms, badges,
//! certificates and support tools (Nghị định 40/2024/NĐ-CP, Thông tư 14/2024/TT-BCA),
//! funding, and the acts a member must not commit. The wording names the acts and what
//! they govern; amounts and procedures stay in the acts (and the province's resolutions),
//! which change more often than a team's regulation.

/// An article: its title and paragraphs.
pub type Article = (String, Vec<String>);

const LAW: &str = "Luật Lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở";

/// The tasks the Law gives the force (Art. 7–12), as one article.
pub fn tasks() -> Article {
    let items = [
        "Hỗ trợ nắm tình hình về an ninh, trật tự",
        "Hỗ trợ xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "Hỗ trợ phòng cháy, chữa cháy, cứu nạn, cứu hộ",
        "Hỗ trợ quản lý hành chính về trật tự xã hội",
        "Tham gia vận động, giáo dục người vi phạm pháp luật đang cư trú tại cơ sở",
        "Tham gia tuần tra, kiểm soát bảo đảm an ninh, trật tự, an toàn giao thông",
        "Thực hiện nhiệm vụ khác theo quy định của pháp luật",
    ];
    let count = items.len();
    let mut paras = vec![format!(
        "Theo các điều từ Điều 7 đến Điều 12 của {LAW}, Tổ có nhiệm vụ:"
    )];
    paras.extend(items.iter().enumerate().map(|(i, item)| {
        let end = if i + 1 == count { "." } else { ";" };
        format!("{}. {item}{end}", i + 1)
    }));
    ("Nhiệm vụ của Tổ theo Luật".into(), paras)
}

/// Who may be a member (Art. 13), with the Chairman's exception over 70.
pub fn member_standards(commune: &str) -> Article {
    (
        "Tiêu chuẩn thành viên".into(),
        vec![
            format!("Thành viên của Tổ là công dân Việt Nam từ đủ 18 tuổi đến 70 tuổi; người trên 70 tuổi có đủ sức khỏe, có nguyện vọng tham gia do Chủ tịch Ủy ban nhân dân {commune} xem xét, quyết định."),
            format!("Thành viên của Tổ có lý lịch rõ ràng, chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước; tốt nghiệp trung học cơ sở trở lên (ở địa bàn có điều kiện kinh tế - xã hội khó khăn, đặc biệt khó khăn: tốt nghiệp tiểu học); cư trú ổn định từ 01 năm trở lên tại {commune}; có đủ sức khỏe để thực hiện nhiệm vụ, theo Điều 13 của {LAW}."),
        ],
    )
}

/// Allowances and benefits; uniforms, badges, certificates and support tools; funding.
pub fn support(commune: &str, province: Option<&str>) -> Vec<Article> {
    let council = match province {
        Some(p) => format!("Hội đồng nhân dân {p}"),
        None => "Hội đồng nhân dân cấp tỉnh".to_string(),
    };
    vec![
        (
            "Chế độ, chính sách".into(),
            vec![format!("Thành viên của Tổ được hưởng hỗ trợ hằng tháng, hỗ trợ khi được huy động thực hiện nhiệm vụ, được hỗ trợ đóng bảo hiểm, được hưởng chế độ khi bị ốm đau, tai nạn, bị thương, hy sinh và các chế độ, chính sách khác theo quy định của {LAW}, Nghị định số 40/2024/NĐ-CP và nghị quyết của {council}.")],
        ),
        (
            "Trang phục, huy hiệu, biển hiệu, giấy chứng nhận và công cụ hỗ trợ".into(),
            vec![
                "Thành viên của Tổ được cấp và sử dụng trang phục, huy hiệu, biển hiệu, giấy chứng nhận theo Nghị định số 40/2024/NĐ-CP và Thông tư số 14/2024/TT-BCA; được trang bị, sử dụng công cụ hỗ trợ khi thực hiện nhiệm vụ theo quy định của pháp luật.".into(),
                format!("Thành viên phải giữ gìn, sử dụng đúng mục đích trang phục, biển hiệu, giấy chứng nhận và công cụ hỗ trợ được cấp; khi thôi tham gia Tổ phải nộp lại cho Công an {commune}."),
            ],
        ),
        (
            "Kinh phí bảo đảm hoạt động".into(),
            vec![format!("Kinh phí bảo đảm hoạt động của Tổ do ngân sách nhà nước bảo đảm theo phân cấp và quy định của pháp luật. Tổ được tiếp nhận các khoản hỗ trợ tự nguyện của cơ quan, tổ chức, cá nhân; việc thu, chi được ghi chép đầy đủ, công khai và báo cáo Ủy ban nhân dân {commune}.")],
        ),
    ]
}

/// The acts a member must not commit.
pub fn prohibited() -> Article {
    (
        "Những hành vi bị nghiêm cấm".into(),
        vec![
            "1. Lợi dụng việc thực hiện nhiệm vụ để xâm phạm quyền, lợi ích hợp pháp của cơ quan, tổ chức, cá nhân; sách nhiễu, gây phiền hà, nhận tiền, tài sản hoặc lợi ích khác trái quy định;".into(),
            "2. Sử dụng trang phục, huy hiệu, biển hiệu, giấy chứng nhận, công cụ hỗ trợ không đúng quy định hoặc ngoài khi thực hiện nhiệm vụ được giao;".into(),
            "3. Tiết lộ thông tin về người tố giác, báo tin về tội phạm, vi phạm pháp luật và các thông tin phải giữ bí mật biết được khi thực hiện nhiệm vụ;".into(),
            "4. Tự ý làm những việc vượt quá nhiệm vụ được giao.".into(),
        ],
    )
}
