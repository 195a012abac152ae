// The guide, one per role (issue 15, "Help where it is needed"): short sections in the
// order the work comes, each naming the screens it explains (F1 on a screen opens its
// section) and showing a picture taken by the end-to-end tests
// (scripts/refresh-help-images copies them into ui/help/, so the pictures follow the
// window as it changes). The labels quoted are the window's own.

const BACKUP = {
  id: 'sao-luu',
  title: 'Sao lưu và khôi phục',
  screens: ['settings', 'about'],
  image: 'help/backups.png',
  caption: 'Cài đặt: các bản sao lưu tự động, chép ra USB và khôi phục.',
  steps: [
    'Chương trình tự sao lưu mỗi ngày vào thư mục dữ liệu (giữ 14 bản hằng ngày và 12 bản hằng tháng). Dòng "Sao lưu" ở Tổng quan cho biết lần gần nhất.',
    'Mỗi tuần, và trước khi cài lại máy: vào Cài đặt, bấm "Sao lưu ngay…" và chọn USB; cất USB ở nơi khác máy tính: máy hỏng hay mất, hồ sơ vẫn còn.',
    'Bản sao lưu ra USB được mã hoá: khi khôi phục, chương trình hỏi mã khôi phục in trên Phiếu khôi phục lúc thiết lập. Hãy giữ phiếu trong tủ hồ sơ.',
    'Khôi phục: Cài đặt → bấm "Khôi phục…" ở bản sao lưu tự động cần dùng, hoặc "Khôi phục từ bản sao lưu…" để chọn tệp trên USB.',
  ],
};

const DELETED = {
  id: 'da-xoa-gan-day',
  title: 'Xóa nhầm: khôi phục ở "Đã xóa gần đây"',
  screens: ['deleted'],
  image: 'help/deleted.png',
  caption: 'Đã xóa gần đây: mỗi lần xóa một dòng, với nút Khôi phục.',
  steps: [
    'Trước khi xóa, chương trình nói rõ những gì bị xóa theo (xóa một tổ thì xóa cả thành viên, hoạt động của tổ). Tổ ngừng hoạt động thì bấm "Giải thể", không xóa.',
    'Xóa nhầm: vào "Đã xóa gần đây", tìm dòng cần lấy lại, bấm "Khôi phục" rồi đồng ý. Hồ sơ trở lại với đủ thông tin đã nhập, cùng những gì đã xóa theo.',
    'Mục đã xóa được giữ 30 ngày (Luật 91/2025/QH15: dữ liệu cá nhân chỉ giữ khi còn cần). Sau 30 ngày chỉ còn lấy lại được từ bản sao lưu.',
    'Thành viên của một tổ cũng đã bị xóa: khôi phục tổ trước, rồi đến thành viên. Việc khôi phục được gửi đi trong gói dữ liệu tiếp theo như mọi thay đổi.',
  ],
};

/** The receiving unit deletes only what it records itself (inspections, commendations…). */
const DELETED_RECEIVER = {
  ...DELETED,
  steps: [
    'Đơn vị tiếp nhận chỉ xóa được hồ sơ do mình nhập (kết quả kiểm tra, khen thưởng, tập huấn); trước khi xóa, chương trình nói rõ những gì bị xóa theo.',
    DELETED.steps[1],
    DELETED.steps[2],
    'Việc khôi phục được gửi về xã trong gói dữ liệu tiếp theo như mọi thay đổi.',
  ],
};

const COMMUNE = [
  {
    id: 'thiet-lap',
    title: 'Thiết lập lần đầu',
    screens: ['setup'],
    image: 'help/setup-commune.png',
    caption: 'Sau khi chọn đơn vị: mã xác nhận của máy và Phiếu khôi phục.',
    steps: [
      'Chọn "Xã (gửi dữ liệu)", gõ tên xã, phường (không dấu cũng được) và chọn đúng đơn vị trong danh sách.',
      'Chương trình hiện mã xác nhận của máy (6 nhóm, mỗi nhóm 4 ký tự). Ghi lại vào sổ: đơn vị tiếp nhận sẽ gọi điện đọc để đối chiếu khi nhận gói đầu tiên.',
      'In Phiếu khôi phục và cất vào tủ hồ sơ: đó là cách duy nhất mở bản sao lưu khi máy hỏng.',
    ],
  },
  {
    id: 'to-va-thanh-vien',
    title: 'Thêm thôn, tổ dân phố, tổ và thành viên',
    screens: ['dashboard', 'villages', 'teams', 'members', 'activity'],
    image: 'help/team.png',
    caption: 'Trang của một tổ: các phần hồ sơ xếp theo thẻ.',
    steps: [
      'Thôn, tổ dân phố: bấm "+ Thêm thôn, tổ dân phố" và nhập các thôn, tổ dân phố của xã, phường.',
      'Các tổ: bấm "+ Thêm tổ", nhập tên và loại mô hình; trên trang của tổ, chọn thôn, tổ dân phố tổ phụ trách rồi bấm "Gắn vào tổ".',
      'Thẻ Thành viên: thêm từng người. Ô có dấu * là bắt buộc; ô nào sai, chương trình nói ngay cạnh ô đó cần sửa gì.',
      'Thẻ Hoạt động và Tập huấn: ghi buổi tuần tra, hoà giải, tập huấn; tích những người tham gia trong danh sách của tổ ("Cả tổ" rồi bỏ người vắng).',
      'Tổng quan cho biết từng tổ đạt tiêu chí C1–C8 chưa và việc cần làm tiếp.',
    ],
  },
  {
    id: 'in-quyet-dinh',
    title: 'In quyết định',
    screens: ['document'],
    image: 'help/decision.png',
    caption: 'Bản in quyết định thành lập, theo thể thức Nghị định 30/2020/NĐ-CP.',
    steps: [
      'Thẻ Quyết định: thêm quyết định (loại, tình trạng "Dự thảo"). Trước 01/07/2025 hay sau ngày đó, chọn "Đơn vị ban hành" đúng tên đơn vị vào ngày ký.',
      'Bấm "Xem bản in" (hoặc ở Thông tin chung: "Quyết định thành lập", "Danh sách kèm theo", "Quy chế hoạt động"). Bấm "In…" hoặc "Lưu thành tệp Word (.docx)…" để sửa câu chữ.',
      'Khi quyết định đã ký: nhập số, ngày ký, tình trạng "Đã ký, đã vào sổ". Chương trình lưu văn bản như đã ký; từ đó in ra không đổi. Thay đổi thành viên về sau là một quyết định mới (kiện toàn).',
      'Chương trình không in khi thiếu điều kiện (chưa chọn đơn vị ban hành, đã ký mà chưa có số, thành viên ngoài 18–70 tuổi) và nói rõ cần làm gì.',
    ],
  },
  {
    id: 'gui-du-lieu',
    title: 'Gửi dữ liệu hằng tháng',
    screens: ['sync', 'enrolment-sheet'],
    image: 'help/send.png',
    caption: 'Gửi dữ liệu: lần gửi gần nhất, số thay đổi chưa gửi, một nút gửi.',
    steps: [
      'Lần đầu: nhận tệp thẻ của đơn vị tiếp nhận (qua USB), bấm "Chọn tệp thẻ…", gọi điện đối chiếu mã xác nhận của thẻ từng nhóm 4 ký tự rồi mới tin cậy thẻ.',
      'Hằng tháng: cắm USB, vào Gửi dữ liệu, bấm "Gửi dữ liệu ra USB…" và chọn USB. Chương trình tự chọn gói cần gửi và mã hoá cho đơn vị tiếp nhận.',
      'Trước khi rút USB: chọn "Eject" / "Safely Remove" và chờ Windows báo có thể rút.',
      'Khi đơn vị tiếp nhận gửi lại kết quả kiểm tra hoặc biên nhận, nhập ở phần "Nhận kết quả kiểm tra của cấp trên".',
    ],
  },
  DELETED,
  BACKUP,
];

const DISTRICT = [
  {
    id: 'thiet-lap',
    title: 'Thiết lập và thẻ đơn vị tiếp nhận',
    screens: ['setup', 'card-sheet'],
    image: 'help/card.png',
    caption: 'Thẻ đơn vị tiếp nhận: lưu ra USB cho các xã, in kèm mã xác nhận.',
    steps: [
      'Chọn "Đơn vị tiếp nhận (Công an tỉnh, thành phố…)" và gõ tên tỉnh, thành phố theo danh mục 2025.',
      'Ghi lại mã xác nhận của máy và in Phiếu khôi phục, cất vào tủ hồ sơ.',
      'Vào Nhận dữ liệu → Thẻ đơn vị tiếp nhận: "Lưu thẻ…" ra USB, chép cho từng xã; "In thẻ" để phát kèm. Khi xã gọi điện, đọc mã xác nhận của thẻ từng nhóm 4 ký tự.',
    ],
  },
  {
    id: 'nhan-du-lieu',
    title: 'Nhận gói dữ liệu của các xã',
    screens: ['sync'],
    image: 'help/receive.png',
    caption: 'Nhận dữ liệu: kiểm tra trước, một dòng tóm tắt và một nút Nhập.',
    steps: [
      'Cắm USB, vào Nhận dữ liệu, bấm "Chọn cả thư mục…" (hoặc "Chọn gói dữ liệu…"). Chương trình kiểm tra mọi gói trước, chưa ghi gì.',
      'Dòng tóm tắt cho biết bao nhiêu gói nhập được, bao nhiêu cần đối chiếu mã xác nhận, bao nhiêu không nhập được. "Chỉ gói cần xem" lọc ra các gói đó.',
      'Máy gửi mới: bấm "Đối chiếu mã xác nhận…", gọi điện cho cán bộ xã, so từng nhóm 4 ký tự; chỉ khi khớp mới đăng ký.',
      'Gói không nhập được: đọc câu giải thích và làm theo (thường là xin xã chép lại gói). Bấm "Nhập" để nhập các gói còn lại.',
    ],
  },
  {
    id: 'xem-xet',
    title: 'Xem tình hình các xã',
    screens: ['dashboard', 'commune', 'teams', 'members', 'activity'],
    image: 'help/overview.png',
    caption: 'Tổng quan các xã: tỷ lệ tổ đạt từng tiêu chí, việc cần chú ý dưới tên xã.',
    steps: [
      'Tổng quan các xã: mỗi xã, phường một dòng; xã chưa gửi dữ liệu ghi "—" (chưa có số liệu, không phải số 0).',
      'Ô tô vàng là tiêu chí dưới 50% số tổ đạt. Dưới tên xã là những việc cần chú ý. "Chỉ xã cần chú ý" và "Tiêu chí" lọc danh sách.',
      'Bấm tên xã để xem từng tổ; trên trang tổ, ghi kết quả kiểm tra và khen thưởng của đơn vị.',
    ],
  },
  {
    id: 'bao-cao',
    title: 'Báo cáo tổng hợp',
    screens: ['report'],
    image: 'help/report.png',
    caption: 'Báo cáo tổng hợp của một kỳ: kết quả hoạt động so với cùng kỳ năm trước, mỗi xã một dòng, tiêu chí C1–C8.',
    steps: [
      'Vào "Báo cáo tổng hợp", chọn kỳ: tháng, quý, năm, hoặc "Từ ngày … đến ngày" rồi bấm "Xem". Báo cáo hiện ngay trên màn hình.',
      'Số liệu chỉ cộng các xã đã gửi dữ liệu; xã chưa gửi ghi "—" (không tính là 0). Kỳ đang diễn ra tính đến hôm nay.',
      'Bấm "In báo cáo (A4)…" để in khổ A4 ngang; bấm "Lưu báo cáo Excel…" để lưu tệp (mỗi xã, mỗi tổ một dòng), rồi "Mở tệp" hoặc "Mở thư mục".',
      'Bấm "Lưu dự thảo báo cáo sơ kết (Word)…" để có bản báo cáo theo thể thức Nghị định 30/2020 đã điền số liệu; các phần đánh giá, phương hướng, kiến nghị để trống trong ngoặc vuông cho đơn vị viết.',
      'Bấm "Lưu tờ trình đề nghị khen thưởng (Word)…" để có dự thảo tờ trình liệt kê các đề nghị khen thưởng trong kỳ chưa được khen (ghi đề nghị ở thẻ Khen thưởng của từng tổ).',
      'Chỉ tích "Kèm bảng danh sách thành viên" khi thật cần: bảng có dữ liệu cá nhân (Luật 91/2025/QH15).',
    ],
  },
  DELETED_RECEIVER,
  BACKUP,
];

/** The guide for this installation's role. */
export function guide(isCommune) {
  return isCommune ? COMMUNE : DISTRICT;
}

/** The section that explains `screen` (F1 there opens it), or the first. */
export function sectionFor(isCommune, screen) {
  const sections = guide(isCommune);
  return (sections.find((s) => s.screens.includes(screen)) || sections[0]).id;
}
