"""Words and phrases of Vietnamese administrative writing, as printed, for putting OCR slips right.

Tesseract's Vietnamese model often drops or swaps a stacked diacritic ("tô chức", "phát triên",
"tôi cao"). One syllable on its own is ambiguous (tô/tổ, tôi/tối are both words), a phrase of two
or more rarely is: a run of OCR'd words whose unaccented form is that of a phrase below is written
as the phrase (``vocabulary.correct_phrases``). Only phrases whose unaccented form belongs to no
other common phrase are listed in ``COMMON`` ("các sở" is not: "các số" is as common), and none
whose tone mark is placed two ways in print ("hóa"/"hoá", "Tòa"/"Toà", "Ủy"/"Uỷ"), so a correct
word of free text is never rewritten in another style. Names of posts and bodies in capitals
(``CAPITALISED``) are written in the spelling of Nghị định 30's forms.
"""

from __future__ import annotations

# posts, as printed in capitals in a signature block
TITLES = """
PHÓ THỦ TƯỚNG|THỦ TƯỚNG|THỨ TRƯỞNG|BỘ TRƯỞNG|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ CHỦ TỊCH|CHỦ TỊCH
|PHÓ CHÁNH VĂN PHÒNG|CHÁNH VĂN PHÒNG|CỤC TRƯỞNG|PHÓ CỤC TRƯỞNG|VỤ TRƯỞNG|PHÓ VỤ TRƯỞNG|VIỆN TRƯỞNG
|PHÓ VIỆN TRƯỞNG|CHÁNH ÁN|PHÓ CHÁNH ÁN|TỔ TRƯỞNG|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|THƯỜNG TRỰC|CHỦ NHIỆM
|PHÓ CHỦ NHIỆM|TRƯỞNG PHÒNG|PHÓ TRƯỞNG PHÒNG|TỔNG GIÁM ĐỐC|PHÓ TỔNG GIÁM ĐỐC|TỔNG CỤC TRƯỞNG
|PHÓ TỔNG CỤC TRƯỞNG|CHI CỤC TRƯỞNG|PHÓ CHI CỤC TRƯỞNG|CHÁNH THANH TRA|PHÓ CHÁNH THANH TRA|HIỆU TRƯỞNG
|PHÓ HIỆU TRƯỞNG|BÍ THƯ|PHÓ BÍ THƯ|TRƯỞNG ĐOÀN|PHÓ TRƯỞNG ĐOÀN|TỔ PHÓ|ĐỘI TRƯỞNG|PHÓ ĐỘI TRƯỞNG
|TRƯỞNG TRẠM|PHÓ TRƯỞNG TRẠM|KẾ TOÁN TRƯỞNG|TỔNG THƯ KÝ|PHÓ TỔNG THƯ KÝ|TỔNG KIỂM TOÁN|PHÓ TỔNG KIỂM TOÁN
|KIỂM TOÁN TRƯỞNG|TRƯỞNG KHOA|CHỦ TỊCH HỘI ĐỒNG|TRƯỞNG ĐẠI DIỆN|GIÁM ĐỐC ĐIỀU HÀNH
"""
# posts, bodies and places as printed in capitals in a header or signature block
CAPITALISED = TITLES + """
|THỦ TƯỚNG CHÍNH PHỦ|ỦY BAN NHÂN DÂN|UBND TỈNH|HỘI ĐỒNG NHÂN DÂN|CHÍNH PHỦ|VĂN PHÒNG|BỘ CÔNG AN|CÔNG AN TỈNH
|BỘ NỘI VỤ|BỘ TÀI CHÍNH|BỘ TƯ PHÁP|BỘ XÂY DỰNG|BỘ GIÁO DỤC VÀ ĐÀO TẠO|SỞ XÂY DỰNG|SỞ NỘI VỤ|CỤC THUẾ|THUẾ
|CHÍNH SÁCH|QUỐC TẾ|TÒA ÁN NHÂN DÂN TỐI CAO|VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO|BAN CHẤP HÀNH TRUNG ƯƠNG
|ĐẢNG CỘNG SẢN VIỆT NAM|LÂM ĐỒNG|KON TUM|BÌNH THUẬN|HẢI DƯƠNG|PHÚ THỌ|HÀ NỘI|TỈNH|THÀNH PHỐ|KT.|TM.|TL.|TUQ.
"""

# Fixed phrases of Nơi nhận lists, in the case they are usually printed
RECIPIENT_PHRASES = (
    "Như trên", "Như Điều", "để báo cáo", "để b/c", "để biết", "để thực hiện", "để phối hợp", "để theo dõi",
    "để chỉ đạo", "Cổng thông tin điện tử", "Cổng TTĐT", "Lưu", "Bộ trưởng", "Thứ trưởng", "Các Thứ trưởng",
    "Văn phòng Chính phủ", "Chính phủ", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc",
    "Công bố trên Trang TTĐT", "Trang TTĐT", "Trang thông tin điện tử",  # the website ("Trạng TTĐT")
)

# subjects and bodies of administrative documents (Nghị định 30/2020, Phụ lục III)
COMMON = """
tổ chức|phát triển|kiểm tra|kiểm soát|kiểm toán|kiểm sát|tối cao|tổng hợp|tổng kết|Tổng Bí thư|Bí thư
|thủ tục|hành chính|cải cách|đầu tư|đầu tư công|xây dựng|quy hoạch|quy định|quyết định|hướng dẫn
|thực hiện|triển khai|chỉ đạo|chức năng|nhiệm vụ|quyền hạn|cơ cấu|cơ quan|đơn vị|trực thuộc|trực thuộc trung ương|ngang bộ
|trung ương|địa phương|nhân dân|Hội đồng|Quốc hội|Chính phủ|Thủ tướng|Văn phòng|Chủ tịch|Giám đốc
|thường trực|Bộ trưởng|Thứ trưởng|Cục trưởng|Vụ trưởng|Viện trưởng|Chánh án|tư pháp|pháp luật|pháp chế
|văn bản|vi phạm|xử lý|xử phạt|thông tin|điện tử|Cổng thông tin|Trang thông tin|theo dõi|báo cáo
|phối hợp|thi hành|tuyên truyền|phổ biến|giáo dục|đào tạo|bồi dưỡng|cán bộ|công chức|viên chức
|lao động|thương binh|xã hội|tài chính|ngân sách|ngân hàng|kế hoạch|kho bạc|hải quan|tài nguyên
|môi trường|nông nghiệp|nông thôn|công thương|giao thông|vận tải|nhà ở|đô thị|đất đai|khoa học
|công nghệ|nội vụ|ngoại giao|quốc phòng|an ninh|trật tự|an toàn|phòng cháy|chữa cháy
|cai nghiện|tín dụng|chính sách|dự thảo|ý kiến|góp ý|tham gia|sơ kết|giai đoạn|học sinh|sinh viên|đối với
|Mặt trận|Tổ quốc|đoàn thể|đại biểu|dân tộc|tôn giáo|thành phố|thị xã|thị trấn|công tác|chuyển phát
|nhập khẩu|xuất khẩu|miễn thuế|chính sách thuế|giá trị|dịch vụ|doanh nghiệp|hợp tác|hỗ trợ|đề nghị
|đề xuất|đề án|dự án|chương trình|mục tiêu|trung hạn|vốn đầu tư|nguồn vốn|lĩnh vực|hệ thống
|quốc dân|phạm vi|quản lý|thay thế|bãi bỏ|sửa đổi|bổ sung|ban hành|công bố|thành lập|kiện toàn
|bổ nhiệm|miễn nhiệm|điều động|khen thưởng|kỷ luật|thi đua|tuyển dụng|tiếp nhận|giải quyết|khiếu nại
|tố cáo|tiếp công dân|phòng chống|tham nhũng|lãng phí|tiết kiệm|chuyển đổi số|chữ ký số|trực tuyến
|dịch vụ công|một cửa|liên thông|phục vụ|hành chính công|Trung tâm|thanh tra|nhà nước
|Kiểm toán nhà nước|Viện kiểm sát nhân dân|Bộ Công Thương|Sở Công Thương
|Bộ Tư pháp|Bộ Nội vụ|Bộ Tài chính|Bộ Xây dựng|Bộ Công an|Bộ Y tế|Bộ Quốc phòng|Bộ Ngoại giao
|Sở Xây dựng|Sở Tư pháp|Sở Nội vụ|Sở Tài chính|Công an tỉnh|Cục Thuế
|chi phí|hạ tầng|kinh tế|vật liệu|nghiệm thu|công trình|nhà thầu|lựa chọn|cải tạo|nâng cấp|tiếp theo
|hội nghị|địa bàn|tăng cường|cung cấp|sử dụng|kiểm định|thẩm định|thẩm tra|phê duyệt|điều chỉnh|gia hạn
|dự toán|quyết toán|thanh toán|hồ sơ|giấy phép|cấp phép|bảo hiểm|thể thao|du lịch|kết luận
|kết quả|nội dung|thời gian|địa điểm|thành phần|trách nhiệm|chế độ|tiền lương|phụ cấp|biên chế
|vị trí việc làm|tinh giản|sắp xếp|sáp nhập|hợp nhất|giải thể|bồi thường|giải phóng mặt bằng
|tái định cư|thu hồi|cho thuê|thiên tai|chất lượng|nghiên cứu|ứng dụng|đánh giá|phân cấp|chi tiết
"""

# places of issue: provinces and centrally-run cities (before and after the 2025 mergers) and a few
# cities that date their documents by their own name; none whose tone mark is placed two ways
PLACES = """
Hà Nội|Thành phố Hồ Chí Minh|TP. Hồ Chí Minh|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế|An Giang
|Bà Rịa - Vũng Tàu|Bắc Giang|Bắc Kạn|Bạc Liêu|Bắc Ninh|Bến Tre|Bình Định|Bình Dương|Bình Phước
|Bình Thuận|Cà Mau|Cao Bằng|Đắk Lắk|Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|Hà Nam
|Hà Tĩnh|Hải Dương|Hậu Giang|Hưng Yên|Kiên Giang|Kon Tum|Lai Châu|Lâm Đồng|Lạng Sơn|Lào Cai|Long An
|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú Thọ|Phú Yên|Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh
|Quảng Trị|Sóc Trăng|Sơn La|Tây Ninh|Thái Bình|Thái Nguyên|Thừa Thiên Huế|Tiền Giang|Trà Vinh
|Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái|Đà Lạt|Buôn Ma Thuột|Pleiku|Quy Nhơn|Thủ Dầu Một
|Đăk Hà|Đăk Tô|Đăk Glei|Ngọc Hồi|Sa Thầy|Kon Rẫy|Kon Plông|Tu Mơ Rông
"""
# the department's own province, Kon Tum: its districts above date documents by their own name

# given at the start of a signer's name: a surname read without its marks is put right
# (no Dương: Đường is a surname too, and both lose their marks alike)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Đinh", "Trịnh", "Đoàn", "Lương", "Trương", "Tống", "Đào", "Lưu")


def phrases(block: str) -> list[str]:
    return [p.strip() for p in block.replace("\n", "").split("|") if p.strip()]
