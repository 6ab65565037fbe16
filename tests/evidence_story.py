"""Test helper: a story with one attachment of each kind and a tell in a message's own words.

Written to a temporary folder and loaded like an organiser's story (tests/test_evidence.py).
"""

from __future__ import annotations

from pathlib import Path

STORY = """\
id: evidence-test
kind: fake_police
title: {vi: "Bằng chứng", en: "Evidence"}
summary: {vi: "Mỗi loại đính kèm một lần", en: "Each attachment kind once"}
start: warrant
characters:
  bad: {name: {vi: "Thượng úy Quân", en: "Lieutenant Quan"}, role: scammer, avatar: officer, number: "+84 87 555 0100"}
  bank: {name: {vi: "Ngân hàng", en: "Bank"}, role: official, avatar: bank}
steps:
  warrant:
    channel: chat
    from: bad
    at: "09:41"
    text:
      vi: "Đây là lệnh bắt của em. Không được nói với bố mẹ, nếu không em sẽ bị bắt ngay hôm nay."
      en: "Here is your arrest warrant. Do not tell your parents, or you will be arrested today."
    tactic: fake_documents_placeholder
    tells:
      - quote: {vi: "Không được nói với bố mẹ", en: "Do not tell your parents"}
        why: {vi: "Công an thật không bắt em giữ bí mật với bố mẹ.", en: "Real police never ask you to keep it from your parents."}
    attachments:
      - kind: document
        title: {vi: "LỆNH BẮT BỊ CAN ĐỂ TẠM GIAM", en: "ARREST AND DETENTION WARRANT"}
        source: "Zalo · 0x8.jpg"
        source_tell: {vi: "Lệnh thật không gửi qua Zalo.", en: "A real warrant is never sent by chat."}
        seal: true
        rows:
          - label: {vi: "Bị can", en: "Accused"}
            text: {vi: "Nguyễn Thị Lan", en: "Nguyen Thi Lan"}
          - label: {vi: "Tội danh", en: "Charge"}
            text: {vi: "Rửa tiền, tiếp tay đường dây ma túy xuyên quốc gia", en: "Money laundering, aiding an international drug ring"}
          - label: {vi: "Gửi qua", en: "Sent by"}
            text: {vi: "Zalo", en: "Zalo"}
            tell: {vi: "Công an không gửi lệnh bắt qua Zalo.", en: "Police never send a warrant by chat."}
    choices:
      - text: {vi: "Cúp máy, gọi 113", en: "Hang up, call 113"}
        next: otp
        safety: safe
        feedback: {vi: "Đúng.", en: "Right."}
      - text: {vi: "Làm theo", en: "Do as told"}
        next: otp
        safety: unsafe
        feedback: {vi: "Không.", en: "No."}
  otp:
    channel: narration
    at: "09:45"
    text: {vi: "Điện thoại rung: một tin nhắn mới.", en: "Your phone buzzes: a new text."}
    attachments:
      - kind: sms
        title: {vi: "Ngân hàng VCB", en: "VCB Bank"}
        source: "+84 91 234 5678"
        source_tell: {vi: "Ngân hàng không nhắn từ số cá nhân.", en: "A bank never texts from a personal number."}
        rows:
          - text: {vi: "Mã OTP của bạn là", en: "Your OTP code is"}
          - text: "482 913"
          - text: {vi: "Không chia sẻ mã này cho bất kỳ ai, kể cả nhân viên ngân hàng.", en: "Never share this code with anyone, bank staff included."}
            tell: {vi: "Chính tin nhắn nói: không đưa mã cho ai.", en: "The text itself says: never give this code to anyone."}
    choices:
      - {text: {vi: "Tiếp", en: "Next"}, next: friend, safety: neutral, feedback: {vi: "Được.", en: "OK."}}
  friend:
    channel: social
    from: bad
    at: "10:02"
    later: {vi: "Ba ngày sau", en: "Three days later"}
    text: {vi: "Một lời mời kết bạn mới từ người lạ.", en: "A new friend request from a stranger."}
    tells:
      - quote: {vi: "từ người lạ", en: "from a stranger"}
        why: {vi: "Không quen thì đừng nhận.", en: "Don't accept someone you don't know."}
    attachments:
      - kind: profile
        title: {vi: "Trần Minh Anh", en: "Tran Minh Anh"}
        source: "facebook.com/minhanh.2009.official"
        rows:
          - label: {vi: "Tham gia", en: "Joined"}
            text: {vi: "3 ngày trước", en: "3 days ago"}
            tell: {vi: "Tài khoản mới lập ba ngày.", en: "The account is three days old."}
          - label: {vi: "Bạn chung", en: "Mutual friends"}
            text: "0"
    choices:
      - {text: {vi: "Tiếp", en: "Next"}, next: payout, safety: neutral, feedback: {vi: "Được.", en: "OK."}}
  payout:
    channel: chat
    from: bad
    at: "10:10"
    text: {vi: "Em xem, chị vừa nhận hoa hồng đây.", en: "Look, I just got my commission."}
    attachments:
      - kind: transfer
        title: {vi: "Giao dịch thành công", en: "Transfer successful"}
        source: "VietBank Mobile"
        rows:
          - text: "+ 2.450.000 đ"
          - label: {vi: "Người gửi", en: "From"}
            text: "CONG TY TNHH SAO VIET"
          - label: {vi: "Nội dung", en: "Message"}
            text: {vi: "Hoa hồng nhiệm vụ 3", en: "Task 3 commission"}
            tell: {vi: "Ai cũng có thể làm giả ảnh chụp màn hình.", en: "Anyone can fake a screenshot."}
          - label: {vi: "Thời gian", en: "Time"}
            text: "10:08 12/03/2026"
    choices:
      - {text: {vi: "Tiếp", en: "Next"}, next: install, safety: neutral, feedback: {vi: "Được.", en: "OK."}}
  install:
    channel: chat
    from: bad
    at: "10:20"
    text: {vi: "Cài ứng dụng này để làm việc.", en: "Install this app to start."}
    attachments:
      - kind: app_install
        title: {vi: "Dịch vụ công Quốc gia", en: "National Public Services"}
        source: "dichvucong-gov.apk"
        source_tell: {vi: "Ứng dụng thật chỉ có trên kho ứng dụng.", en: "The real app is only in the app store."}
        rows:
          - label: {vi: "Trợ năng", en: "Accessibility"}
            text: {vi: "Xem và điều khiển màn hình của bạn", en: "View and control your screen"}
            tell: {vi: "Quyền Trợ năng cho phép điều khiển điện thoại.", en: "Accessibility lets it control your phone."}
          - label: {vi: "Tin nhắn SMS", en: "SMS"}
            text: {vi: "Đọc tin nhắn của bạn", en: "Read your messages"}
      - kind: link
        title: {vi: "Cổng Dịch vụ công Quốc gia", en: "National Public Service Portal"}
        source: "dichvucong.gov.vn-login.top"
        source_tell: {vi: "Tên miền thật kết thúc bằng .gov.vn.", en: "The real domain ends in .gov.vn."}
        rows:
          - text: {vi: "Đăng nhập để xác minh danh tính", en: "Log in to verify your identity"}
    choices:
      - {text: {vi: "Tiếp", en: "Next"}, next: room, safety: neutral, feedback: {vi: "Được.", en: "OK."}}
  room:
    channel: video_call
    from: bad
    at: "10:30"
    scene: {vi: "Một cuộc gọi video từ tài khoản tên “Bộ Công an”.", en: "A video call from an account named “Ministry of Public Security”."}
    text: {vi: "Em ngồi yên. Đây là phòng làm việc trực tuyến.", en: "Sit still. This is the online office."}
    tells:
      - quote: {vi: "phòng làm việc trực tuyến", en: "the online office"}
        why: {vi: "Công an không làm việc qua mạng.", en: "Police have no online office."}
    attachments:
      - kind: video_room
        title: {vi: "Phòng làm việc Bộ Công an", en: "Ministry of Public Security office"}
        source: "Skype · bocongan.vn.2024"
        source_tell: {vi: "Công an không làm việc qua Skype.", en: "Police do not work over Skype."}
        rows:
          - text: {vi: "Đang ghi hình", en: "Recording"}
    choices:
      - {text: {vi: "Cúp máy", en: "Hang up"}, next: end, safety: safe, feedback: {vi: "Đúng.", en: "Right."}}
endings:
  end:
    outcome: safe
    title: {vi: "An toàn", en: "Safe"}
    text: {vi: "Bạn đã an toàn.", en: "You are safe."}
"""


def write_story(folder: Path) -> Path:
    """The story file in folder (a tactic id of the catalogue in place of the placeholder)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evidence-test.yaml"
    path.write_text(STORY.replace("fake_documents_placeholder", "authority_impersonation"), encoding="utf-8")
    return path
