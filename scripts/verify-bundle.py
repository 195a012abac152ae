#!/usr/bin/env python3
"""Independent verifier of a Sổ Tổ xung kích sync bundle.

Written from docs/bundle-format.md alone, with the Python standard library only
(zlib, hashlib, json, struct, …): the ZIP is parsed by hand (not with the zipfile
module) under the document's limits, the Ed25519 signature is checked with a
pure-Python port of RFC 8032 §6 plus the strict checks of the document's §5, and every
entry hash, the listed and unlisted entries, the record lines, the counts and the
attachment names are checked. It proves the document is enough to read a bundle
without our code, and it gives an officer a second opinion on a file.

A sealed bundle (the document's "Sealed bundles": the bundle encrypted with age to the
receiving unit) is opened with xk_age.py, from this script's folder, and the age
identity of the receiving installation ("AGE-SECRET-KEY-1…"), read from
--identity-file (its first line that is neither blank nor a # comment) or else from
the environment variable XUNGKICH_AGE_IDENTITY; then the bundle inside is verified
like a plain one, and its signed manifest must agree with the envelope.

    python3 scripts/verify-bundle.py [--json] [--strict] [--list] BUNDLE.zip
    python3 scripts/verify-bundle.py [--json] [--strict] [--list] \
            [--identity-file KEY.txt] SEALED-BUNDLE
    python3 scripts/verify-bundle.py --catalogue     # the embedded kinds (§7.5), as JSON
    python3 scripts/verify-bundle.py --self-test     # RFC 8032, 7748, 8439, 5869 and age
                                                     # test vectors, sealed bundles

Prints a summary (sender, fingerprint, scope, range, counts, content digest when the
bundle holds everything its unit owns; for a sealed bundle, who sealed it for whom),
or the first fault with the refusal code our importer would give. Without an identity
that opens it, a sealed bundle is reported by its envelope and refused as
sealed_for_other. Warnings are things our importer accepts but that would wait in
quarantine or that break a rule of the document; --strict makes them faults.

Exit status: 0 valid, 1 refused (not a valid bundle), 2 usage or I/O error (an
unreadable or malformed identity included).
Needs Python 3.8 or later.
"""

import datetime
import hashlib
import json
import os
import re
import struct
import sys
import unicodedata
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
import xk_age  # noqa: E402  (age, for sealed bundles; in this script's folder)


class Refused(Exception):
    """The bundle is not valid: a refusal code (docs/bundle-format.md §10) and words.
    sealed: the envelope's header, when the refused file is a sealed bundle."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message
        self.sealed = None


# ------------------------------------------------------------------ §2.9 limits

MAX_FILE_BYTES = 536870912
MAX_ENTRIES = 65534
MAX_NAME_BYTES = 200
MAX_ENTRY_BYTES = 268435456
MAX_TOTAL_UNCOMPRESSED = 1073741824
MAX_RATIO = 200
RATIO_FLOOR = 1048576
MAX_MANIFEST_BYTES = 4194304
SIGNATURE_BYTES = 64
MAX_LINE_BYTES = 1048576
MAX_ATTACHMENT_BYTES = 26214400

FORMAT = "xungkich-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"

# ------------------------------------------------------------------ §2 the ZIP subset

LOCAL_SIG = 0x04034B50
CENTRAL_SIG = 0x02014B50
EOCD_SIG = 0x06054B50
ZIP64_LOCATOR_SIG = 0x07064B50
LOCAL_LEN, CENTRAL_LEN, EOCD_LEN = 30, 46, 22
FLAG_UTF8 = 1 << 11
KNOWN_FLAGS = 0b110 | FLAG_UTF8
ENCRYPTION_FLAGS = 1 | (1 << 6) | (1 << 13)
DATA_DESCRIPTOR_FLAG = 1 << 3
STORED, DEFLATED = 0, 8


class Entry:
    def __init__(self, name, method, crc, csize, usize, local_offset, data_offset):
        self.name = name
        self.method = method
        self.crc = crc
        self.csize = csize
        self.usize = usize
        self.local_offset = local_offset
        self.data_offset = data_offset


def corrupt(what, name=None):
    where = " (entry %r)" % name if name else ""
    return Refused("bundle_corrupt", "corrupt ZIP%s: %s" % (where, what))


def unsupported(what):
    return Refused("bundle_unsupported", "ZIP feature outside the bundle subset: %s" % what)


def ratio_too_high(usize, csize):
    return usize > RATIO_FLOOR and usize > max(csize, 1) * MAX_RATIO


def find_eocd(data):
    """§2.8 item 2: searched backwards; accepted only where its comment reaches the end."""
    n = len(data)
    highest = n - EOCD_LEN
    if highest >= 0:
        lowest = max(0, n - EOCD_LEN - 0xFFFF)
        pos = highest
        while pos >= lowest:
            pos = data.rfind(b"PK\x05\x06", lowest, pos + 4)
            if pos < 0:
                break
            (comment_len,) = struct.unpack_from("<H", data, pos + 20)
            if pos + EOCD_LEN + comment_len == n:
                return pos
            pos -= 1
    if data.startswith(b"PK\x03\x04"):
        raise Refused("bundle_truncated", "the file has lost its end (truncated copy?)")
    raise Refused("bundle_not_zip", "not a ZIP file: no end of central directory record")


def name_problem(name):
    """§2.6: why a name is unsafe, or None."""
    if name == "":
        return "empty name"
    if name[0] in "/\\":
        return "absolute path"
    if "\\" in name:
        return "backslash"
    if ":" in name:
        return "colon (drive letter or stream)"
    if any(unicodedata.category(c) == "Cc" for c in name):
        return "control character"
    for part in name.split("/"):
        if part in ("", ".", ".."):
            return "empty, '.' or '..' path component (or a directory)"
    return None


def fold(name):
    """§2.6: NFC, per-character full lower case, NFC."""
    nfc = unicodedata.normalize("NFC", name)
    return unicodedata.normalize("NFC", "".join(c.lower() for c in nfc))


def checked_name(raw, flags):
    if len(raw) > MAX_NAME_BYTES:
        raise Refused("bundle_bad_name", "entry name longer than %d bytes" % MAX_NAME_BYTES)
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("bundle_bad_name", "entry name is not UTF-8: %r" % raw[:80])
    problem = name_problem(name)
    if problem:
        raise Refused("bundle_bad_name", "unsafe entry name %r: %s" % (name, problem))
    if not name.isascii() and not flags & FLAG_UTF8:
        raise Refused("bundle_bad_name", "non-ASCII name %r without the UTF-8 flag" % name)
    return name


def check_local(data, cd_offset, at, flags, method, crc, csize, usize, raw, name):
    """§2.8 item 19: the local header repeats the central one; gives the data offset."""
    data_offset = at + LOCAL_LEN + len(raw)
    if data_offset > cd_offset or at + LOCAL_LEN > len(data):
        raise corrupt("local header outside the data area", name)
    (sig, _needed, lflags, lmethod, _time, _date, lcrc, lcsize, lusize, lname_len,
     lextra) = struct.unpack_from("<IHHHHHIIIHH", data, at)
    same = (sig == LOCAL_SIG
            and (lflags, lmethod) == (flags, method)
            and (lcrc, lcsize, lusize) == (crc, csize, usize)
            and (lname_len, lextra) == (len(raw), 0)
            and data[at + LOCAL_LEN:at + LOCAL_LEN + len(raw)] == raw)
    if not same:
        raise corrupt("local header differs from the central directory", name)
    if data_offset + csize > cd_offset:
        raise corrupt("entry data runs into the central directory", name)
    return data_offset


def read_index(data):
    """§2.8 items 1-21: the whole directory, checked; no entry data is read."""
    n = len(data)
    if n == 0:
        raise Refused("bundle_empty", "empty file (0 bytes)")
    if n > MAX_FILE_BYTES:
        raise Refused("bundle_too_large", "file of %d bytes, limit %d" % (n, MAX_FILE_BYTES))
    p = find_eocd(data)
    (_sig, disk, cd_disk, here, count, cd_size, cd_offset,
     _comment_len) = struct.unpack_from("<IHHHHIIH", data, p)
    locator = p >= 20 and struct.unpack_from("<I", data, p - 20)[0] == ZIP64_LOCATOR_SIG
    if locator or 0xFFFF in (disk, cd_disk, here, count) or 0xFFFFFFFF in (cd_size, cd_offset):
        raise unsupported("zip64")
    if disk != 0 or cd_disk != 0 or here != count:
        raise unsupported("multi-disk archive")
    if cd_offset + cd_size != p:
        raise corrupt("the central directory does not end where the end record starts")
    if count > MAX_ENTRIES:
        raise Refused("bundle_too_many_entries", "%d entries, limit %d" % (count, MAX_ENTRIES))
    if count * CENTRAL_LEN > cd_size:
        raise corrupt("the entry count does not fit in the central directory")
    if cd_offset + cd_size > n:
        raise Refused("bundle_truncated", "the central directory lies outside the file")
    cd = data[cd_offset:cd_offset + cd_size]

    entries, keys, spans = [], set(), []
    total, pos = 0, 0
    for i in range(count):
        if pos + CENTRAL_LEN > len(cd):
            raise corrupt("central directory cut short")
        (sig, made_by, _needed, flags, method, _time, _date, crc, csize, usize, name_len,
         extra_len, comment_len, disk_start, _internal, external,
         local_off) = struct.unpack_from("<IHHHHHHIIIHHHHHII", cd, pos)
        if sig != CENTRAL_SIG:
            raise corrupt("bad central directory header signature")
        if 0xFFFFFFFF in (csize, usize, local_off) or disk_start == 0xFFFF:
            raise unsupported("zip64")
        if disk_start != 0:
            raise unsupported("multi-disk archive")
        if pos + CENTRAL_LEN + name_len > len(cd):
            raise corrupt("central directory cut short")
        raw = cd[pos + CENTRAL_LEN:pos + CENTRAL_LEN + name_len]
        name = checked_name(raw, flags)
        key = fold(name)
        if key in keys:
            raise Refused("bundle_duplicate_name",
                          "entry %r appears twice (ignoring case and normalisation)" % name)
        keys.add(key)
        if extra_len != 0 or comment_len != 0:
            raise unsupported("extra field or comment on entry %r" % name)
        if flags & ENCRYPTION_FLAGS:
            raise unsupported("encrypted entry %r" % name)
        if flags & DATA_DESCRIPTOR_FLAG:
            raise unsupported("data descriptor on entry %r" % name)
        if flags & ~KNOWN_FLAGS:
            raise unsupported("unknown flags %#06x on entry %r" % (flags, name))
        if method not in (STORED, DEFLATED):
            raise unsupported("compression method %d on entry %r" % (method, name))
        if made_by >> 8 == 3 and (external >> 16) & 0o170000 == 0o120000:
            raise unsupported("symbolic link %r" % name)
        if method == STORED and csize != usize:
            raise corrupt("stored entry whose two sizes differ", name)
        if usize > MAX_ENTRY_BYTES:
            raise Refused("bundle_entry_too_large", "entry %r of %d bytes, limit %d"
                          % (name, usize, MAX_ENTRY_BYTES))
        total += usize
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise Refused("bundle_total_too_large", "at least %d bytes uncompressed, limit %d"
                          % (total, MAX_TOTAL_UNCOMPRESSED))
        if ratio_too_high(usize, csize):
            raise Refused("bundle_ratio_too_high", "entry %r compresses %d:1, limit %d:1"
                          % (name, usize // max(csize, 1), MAX_RATIO))
        data_offset = check_local(data, cd_offset, local_off, flags, method, crc, csize,
                                  usize, raw, name)
        spans.append((local_off, data_offset + csize, i))
        entries.append(Entry(name, method, crc, csize, usize, local_off, data_offset))
        pos += CENTRAL_LEN + name_len
    if pos != len(cd):
        raise corrupt("bytes left over in the central directory")
    expected = 0
    for start, end, i in sorted(spans):
        if start < expected:
            raise corrupt("overlaps another entry", entries[i].name)
        if start > expected:
            raise corrupt("unknown bytes before the entry", entries[i].name)
        expected = end
    if expected != cd_offset:
        raise corrupt("unknown bytes before the central directory")
    return entries, cd_offset, cd_size, p


def read_entry(data, e):
    """§2.8 items 22-23: inflate under a cap of the declared size + 1, then the CRC-32."""
    if e.usize > MAX_ENTRY_BYTES:
        raise Refused("bundle_entry_too_large", "entry %r too large" % e.name)
    comp = data[e.data_offset:e.data_offset + e.csize]
    if len(comp) != e.csize:
        raise corrupt("entry data outside the file", e.name)
    mismatch = Refused("bundle_size_mismatch",
                       "entry %r does not inflate to its declared %d bytes" % (e.name, e.usize))
    if e.method == STORED:
        if len(comp) != e.usize:
            raise mismatch
        out = comp
    else:
        d = zlib.decompressobj(-15)
        try:
            out = d.decompress(comp, e.usize + 1)
        except zlib.error as err:
            raise corrupt("invalid DEFLATE data (%s)" % err, e.name)
        if len(out) > e.usize or d.unconsumed_tail:
            raise mismatch
        if not d.eof:
            raise corrupt("DEFLATE stream cut short", e.name)
        if d.unused_data:
            raise corrupt("bytes after the end of the DEFLATE stream", e.name)
        if len(out) != e.usize:
            raise mismatch
    if zlib.crc32(out) & 0xFFFFFFFF != e.crc:
        raise Refused("bundle_crc_mismatch", "entry %r fails its CRC-32" % e.name)
    return out


# ------------------------------------------------------------------ §5 Ed25519 (RFC 8032 §6)

# The reference code of RFC 8032 §6, verification only, plus the strict checks of §5:
# neither the key nor R may be of small order, S < L, R canonical (recover_x refuses
# y >= p and x = 0 with the sign bit set, so point equality is encoding equality).

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493


def modp_inv(x):
    return pow(x, P - 2, P)


D = -121665 * modp_inv(121666) % P
MODP_SQRT_M1 = pow(2, (P - 1) // 4, P)
IDENTITY = (0, 1, 1, 0)


def point_add(p1, p2):
    a = (p1[1] - p1[0]) * (p2[1] - p2[0]) % P
    b = (p1[1] + p1[0]) * (p2[1] + p2[0]) % P
    c = 2 * p1[3] * p2[3] * D % P
    d = 2 * p1[2] * p2[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f, g * h, f * g, e * h)


def point_mul(s, pt):
    q = IDENTITY
    while s > 0:
        if s & 1:
            q = point_add(q, pt)
        pt = point_add(pt, pt)
        s >>= 1
    return q


def point_equal(p1, p2):
    if (p1[0] * p2[2] - p2[0] * p1[2]) % P != 0:
        return False
    return (p1[1] * p2[2] - p2[1] * p1[2]) % P == 0


def recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * modp_inv(D * y * y + 1)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * MODP_SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


G_Y = 4 * modp_inv(5) % P
G_X = recover_x(G_Y, 0)
G = (G_X, G_Y, 1, G_X * G_Y % P)


def point_decompress(s):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def small_order(pt):
    return point_equal(point_mul(8, pt), IDENTITY)


def ed25519_verify_strict(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a = point_decompress(public)
    if a is None or small_order(a):
        return False
    r_bytes = signature[:32]
    r = point_decompress(r_bytes)
    if r is None or small_order(r):
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(r_bytes + public + message).digest(), "little") % L
    return point_equal(point_mul(s, G), point_add(r, point_mul(k, a)))


def self_test():
    # RFC 8032 §7.1, TEST 1 and TEST 2.
    vectors = [
        ("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
    ]
    for pk, msg, sig in vectors:
        pk, msg, sig = bytes.fromhex(pk), bytes.fromhex(msg), bytes.fromhex(sig)
        assert ed25519_verify_strict(pk, msg, sig), "RFC 8032 vector refused"
        assert not ed25519_verify_strict(pk, msg + b"x", sig), "changed message accepted"
        bad = bytearray(sig)
        bad[63] |= 0x10  # S + 2^252·k >= L
        assert not ed25519_verify_strict(pk, msg, bytes(bad)), "S >= L accepted"
    # The identity as a key is of small order: refused even with a "signature" that the
    # cofactorless equation accepts (R = identity, S = 0).
    identity = (1).to_bytes(32, "little")
    assert not ed25519_verify_strict(identity, b"m", identity + bytes(32))
    assert fingerprint(bytes(32)).count(" ") == 5
    print("self-test passed: RFC 8032 vectors, S range, small order")
    print("self-test passed: " + xk_age.self_test())
    print("self-test passed: " + self_test_sealed())


# ------------------------------------------------------------------ §8 fingerprint

def fingerprint(public_key):
    digits = hashlib.sha256(public_key).digest()[:12].hex().upper()
    return " ".join(digits[i:i + 4] for i in range(0, 24, 4))


# ------------------------------------------------------------------ §7.5 the catalogue

# Kinds in catalogue order (parents first), as docs/bundle-format.md §7.5 lists them:
# "field type [args] [required] [sensitive|confidential]". tests/bundle_format.rs checks
# that this equals src/kinds.rs (--catalogue).
CATALOGUE_TEXT = """
village
    name text 200 required
    village_type choice thon,ban,lang,ap,buon,bon,phum,soc,tieu_khu,khu_dan_cu,to_dan_pho,khu_pho,khoi_pho,khom required
    households int 0 10000000
    population int 0 10000000
    valid_from date
    valid_to date
    note long_text 20000
team
    name text 200 required
    model_type choice to_xung_kich_tu_quan_antt,to_bao_ve_antt,to_an_ninh_nhan_dan,to_tu_quan,doi_thanh_nien_xung_kich,khac required
    status choice hoat_dong,tam_dung,giai_the,sap_nhap required
    status_date date
    launch_date date
    base_location text 500
    yearly_rating choice tot,kha,trung_binh,yeu
    rating_year int 1990 2100
    min_members int 0 1000
    max_members int 0 1000
    note long_text 20000
team_village
    team_id ref team required
    village_id ref village required
team_status
    team_id ref team required
    status choice hoat_dong,tam_dung,giai_the,sap_nhap required
    since date
    note text 500
decision
    team_id ref team required
    decision_type choice thanh_lap,cong_nhan_thanh_vien,kien_toan,ban_hanh_quy_che,giai_the,khac required
    state choice du_thao,da_ky,da_cap_so required
    number int 1 99999
    symbol text 40
    decision_date date
    authority_type choice chu_tich,kt_chu_tich,tm_ubnd,tm_ubnd_kt_chu_tich
    signer_name text 200
    summary text 500
    proposer text 500
    scan_sha256 attachment
    note long_text 20000
    issuing_unit issuing_unit
    document document_model 524288
regulation
    team_id ref team required
    title text 500 required
    decision_id ref decision
    issued_date date
    content long_text 20000
duty
    team_id ref team required
    regulation_id ref regulation
    position int 0 10000
    content long_text 20000 required
programme
    programme choice nong_thon_moi,doi_song_van_hoa,dan_van_kheo,mttq,hoi_cuu_chien_binh,hoi_nong_dan,hoi_phu_nu,doan_thanh_nien,khac required
    name text 500 required
    lead_organisation text 500 required
    start_date date required
    end_date date
    note long_text 20000
programme_link
    team_id ref team required
    programme choice nong_thon_moi,doi_song_van_hoa,dan_van_kheo,mttq,hoi_cuu_chien_binh,hoi_nong_dan,hoi_phu_nu,doan_thanh_nien,khac required
    since date
    description long_text 20000
    programme_id ref programme
    duty choice tuan_tra,hoa_giai,tin_bao,tuyen_truyen,nam_tinh_hinh,ho_tro_cu_tru,pccc_cnch,giao_duc_vi_pham,khac
member
    team_id ref team required
    full_name text 200 required
    sort_name text 200
    role choice to_truong,to_pho,to_vien required
    birth_date partial_date
    sex choice nam,nu required
    ethnicity choice 01,02,03,04,05,06,07,08,09,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56 sensitive
    religion text 100 sensitive
    id_doc_type choice the_can_cuoc,cccd,cmnd,ho_chieu
    id_number id_number
    village_id ref village
    address text 500
    residence_since partial_date
    education choice chua_tot_nghiep_tieu_hoc,tieu_hoc,thcs,thpt,trung_cap,cao_dang,dai_hoc,sau_dai_hoc
    qualification text 500
    political_theory choice so_cap,trung_cap,cao_cap
    party_member bool sensitive
    party_join_date partial_date sensitive
    youth_union bool
    associations text 500
    occupation text 500
    posts_held text 500
    phone phone
    health_cert_date date
    application_complete bool
    certificate_number text 40
    certificate_date date
    badge_number text 40
    joined_date date
    exit_date date
    exit_reason text 500
    exit_decision_id ref decision
    note long_text 20000
    age_exception text 200
    professional_level choice so_cap,trung_cap,cao_dang,dai_hoc,sau_dai_hoc
member_role
    member_id ref member required
    role choice to_truong,to_pho,to_vien required
    from_date date
    to_date date
    decision_id ref decision
equipment
    team_id ref team required
    member_id ref member
    item choice trang_phuc_quan_ao,trang_phuc_mu,trang_phuc_giay,trang_phuc_bien_hieu,trang_phuc_ao_mua,cong_cu_gay_cao_su,cong_cu_gay_dien,cong_cu_khoa_so_8,cong_cu_binh_xit_cay,phuong_tien_den_pin,phuong_tien_coi,phuong_tien_bo_dam,phuong_tien_xe,phuong_tien_khac required
    description text 500
    quantity int 1 100000 required
    issue_date date required
    source choice ngan_sach,cong_an_cap,dong_gop_nhan_dan,tai_tro,khac
    condition choice tot,hong,mat
    returned_date date
    note long_text 20000
fund_entry
    team_id ref team required
    entry_date date required
    direction choice thu,chi required
    amount money required
    source choice ngan_sach_xa,dong_gop_nhan_dan,tai_tro,khac
    counterparty text 200
    voucher_number text 40
    purpose text 500
    disclosed bool
training
    title text 500 required
    organiser text 500
    start_date date required
    end_date date
    location text 500
    content long_text 20000
training_attendance
    training_id ref training required
    member_id ref member required
    result choice dat,khong_dat,vang required
commendation_proposal
    team_id ref team required
    member_id ref member
    proposal_date date required
    proposed_by text 500 required
    form choice giay_khen,bang_khen,ky_niem_chuong,thu_khen,khac required
    authority text 500 required
    achievement long_text 20000 required
    document_number text 40
commendation
    team_id ref team required
    member_id ref member
    form choice giay_khen,bang_khen,ky_niem_chuong,thu_khen,khac required
    authority text 500 required
    decision_number text 40
    decision_date date required
    achievement long_text 20000
    proposal_id ref commendation_proposal
activity
    team_id ref team required
    activity_type choice tuan_tra,hoa_giai,tin_bao,tuyen_truyen,nam_tinh_hinh,ho_tro_cu_tru,pccc_cnch,giao_duc_vi_pham,khac required
    activity_date date required
    start_time time
    end_time time
    location text 500
    content long_text 20000
    result long_text 20000
    participants int 0 10000000
    audience int 0 10000000
    propaganda_form choice hoi_nghi,loa,to_roi,mang_xa_hoi,truc_tiep
    dispute_type text 500
    mediation_result choice thanh,khong_thanh,chuyen
    reporter text 500 confidential
    passed_to_police_at text 40
    coordinated_with text 500
activity_participant
    activity_id ref activity required
    member_id ref member required
inspection
    team_id ref team required
    inspection_date date required
    inspecting_unit text 500 required
    c1_ok bool
    c2_ok bool
    c3_ok bool
    c4_ok bool
    c5_ok bool
    c6_ok bool
    c7_ok bool
    c8_ok bool
    findings long_text 20000
    recommendations long_text 20000
    deadline date
    follow_up long_text 20000
inspection_follow_up
    inspection_id ref inspection required
    report_date date required
    content long_text 20000 required
document
    team_id ref team required
    member_id ref member
    title text 500 required
    sha256 attachment required
    file_name text 255
    doc_date date
"""


def parse_catalogue(text):
    kinds = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith(" "):
            kinds.append({"kind": line.strip(), "fields": []})
            continue
        words = line.split()
        f = {"name": words[0], "type": words[1], "required": "required" in words[2:],
             "travels": "always"}
        if "sensitive" in words[2:]:
            f["travels"] = "on_request"
        if "confidential" in words[2:]:
            f["travels"] = "never"
        if f["type"] in ("text", "long_text", "document_model"):
            f["max"] = int(words[2])
        elif f["type"] == "int":
            f["min"], f["max"] = int(words[2]), int(words[3])
        elif f["type"] == "choice":
            f["codes"] = words[2].split(",")
        elif f["type"] == "ref":
            f["ref"] = words[2]
        kinds[-1]["fields"].append(f)
    return kinds


CATALOGUE = parse_catalogue(CATALOGUE_TEXT)
KINDS = {k["kind"]: {f["name"]: f for f in k["fields"]} for k in CATALOGUE}

# ------------------------------------------------------------------ JSON, strictly

I64 = (-(2 ** 63), 2 ** 63 - 1)
U64 = (0, 2 ** 64 - 1)
U32 = (0, 2 ** 32 - 1)


def strict_json(raw, code, what):
    def pairs(items):
        obj = {}
        for k, v in items:
            if k in obj:
                raise ValueError("duplicate key %r" % k)
            obj[k] = v
        return obj

    def constant(c):
        raise ValueError("%s is not JSON" % c)

    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=pairs, parse_constant=constant)
    except (UnicodeDecodeError, ValueError) as err:
        raise Refused(code, "%s is not valid JSON: %s" % (what, err))


def is_int(v, bounds):
    return type(v) is int and bounds[0] <= v <= bounds[1]


# ------------------------------------------------------------------ §3.5 the receipt

RECEIPT_TIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z")


def check_receipt(content, m):
    """receipt.json against §3.5: one NFC line of JSON, every key of the table with its
    type and bounds, the ranges merged and in order, confirmed_to and as_of what the
    ranges and times make them, the writer the bundle's signer and the commune its
    recipient. Keys the table does not name are ignored (a reader MAY)."""
    def bad(why):
        return Refused("bad_receipt", "receipt.json: " + why)

    if not content.endswith(b"\n") or b"\n" in content[:-1]:
        raise bad("not one line of JSON ending with a newline")
    try:
        text = content[:-1].decode("utf-8")
    except UnicodeDecodeError:
        raise bad("not UTF-8")
    if unicodedata.normalize("NFC", text) != text:
        raise bad("not NFC")
    r = strict_json(content[:-1], "bad_receipt", "receipt.json")

    def obj(v, keys, where):
        if not isinstance(v, dict):
            raise bad("%s is not an object" % where)
        for k, ty in keys:
            if k not in v:
                raise bad("%s has no %r" % (where, k))
            x = v[k]
            ok = (type(x) is int) if ty is int else isinstance(x, ty)
            if not ok:
                raise bad("%s.%s is not a %s" % (where, k, ty.__name__))
        return v

    obj(r, [("format", str), ("format_version", int), ("receiver", dict), ("commune", dict),
            ("installations", list), ("digest", dict)], "receipt")
    if "as_of" not in r or not (r["as_of"] is None or isinstance(r["as_of"], str)):
        raise bad("as_of is not a string or null")
    if r["format"] != "xungkich-receipt":
        raise bad("format %r" % r["format"])
    if not 0 <= r["format_version"] <= 1:
        raise bad("format_version %d is not 1" % r["format_version"])
    unit_ok = lambda u: 1 <= len(u) <= 8 and UNIT_RE.fullmatch(u) is not None and u.isascii()
    id_ok = lambda i: 1 <= len(i.encode("utf-8")) <= 64 and i.isascii()
    name_ok = lambda n: 1 <= len(n) <= 200
    rec = obj(r["receiver"], [("installation", str), ("unit", str), ("unit_name", str)],
              "receiver")
    com = obj(r["commune"], [("unit", str), ("unit_name", str)], "commune")
    if not (unit_ok(rec["unit"]) and unit_ok(com["unit"]) and id_ok(rec["installation"])
            and name_ok(rec["unit_name"]) and name_ok(com["unit_name"])):
        raise bad("a unit code, name or installation id out of its bounds")
    held = r["installations"]
    if len(held) > 256:
        raise bad("more than 256 installations")
    previous, newest = None, None
    for i, h in enumerate(held):
        h = obj(h, [("installation", str), ("ranges", list), ("confirmed_to", int),
                    ("last_received_at", str)], "installations[%d]" % i)
        inst = h["installation"]
        if not id_ok(inst) or (previous is not None
                               and previous.encode("utf-8") >= inst.encode("utf-8")):
            raise bad("installations not sorted by id, or one repeated or out of bounds")
        previous = inst
        if len(h["ranges"]) > 4096:
            raise bad("more than 4096 ranges for %s" % inst)
        after = 0
        for rg in h["ranges"]:
            if (not isinstance(rg, list) or len(rg) != 2
                    or not all(is_int(x, (1, 2 ** 62 - 1)) for x in rg)):
                raise bad("a range of %s is not [from, to] with 1 <= from, to < 2^62" % inst)
            lo, hi = rg
            if lo > hi or (after > 0 and lo <= after + 1):
                raise bad("ranges of %s are not merged and in order (%d-%d)" % (inst, lo, hi))
            after = hi
        ranges = h["ranges"]
        expected = ranges[0][1] if ranges and ranges[0][0] == 1 else 0
        if h["confirmed_to"] != expected:
            raise bad("confirmed_to of %s is %d, its ranges make it %d"
                      % (inst, h["confirmed_to"], expected))
        at = h["last_received_at"]
        if RECEIPT_TIME_RE.fullmatch(at) is None:
            raise bad("last_received_at %r is not an RFC 3339 time in UTC" % at)
        try:
            datetime.datetime.strptime(at[:19], "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            raise bad("last_received_at %r is not a real time" % at)
        newest = at if newest is None or at > newest else newest
    if r["as_of"] != newest:
        raise bad("as_of %r is not the newest last_received_at (%r)" % (r["as_of"], newest))
    dg = obj(r["digest"], [("sha256", str), ("records", int)], "digest")
    if SHA256_RE.fullmatch(dg["sha256"]) is None or dg["records"] < 0:
        raise bad("digest is not 64 lower-case hex digits and a count")
    sender = m["sender"]
    if rec["installation"] != sender.get("installation") or rec["unit"] != sender.get("unit"):
        raise bad("written by %s (%s), but the bundle is signed by %s (%s)"
                  % (rec["installation"], rec["unit"], sender.get("installation"),
                     sender.get("unit")))
    if com["unit"] != m.get("recipient"):
        raise bad("about %s, in a bundle for %s" % (com["unit"], m.get("recipient")))


# ------------------------------------------------------------------ §4 the manifest

def check_manifest(m):
    bad = lambda why: Refused("bad_manifest", "manifest: " + why)
    if not isinstance(m, dict):
        raise bad("not a JSON object")
    spec = [("format", str), ("format_version", U32), ("schema_version", I64),
            ("app_version", str), ("sender", dict), ("scope", str), ("from_seq", I64),
            ("to_seq", I64), ("sensitive_included", bool), ("counts", dict),
            ("entries", dict)]
    for key, ty in spec:
        if key not in m:
            raise bad("missing key %r" % key)
        v = m[key]
        ok = is_int(v, ty) if isinstance(ty, tuple) else type(v) is ty
        if not ok:
            raise bad("%r has the wrong type or range" % key)
    if m.get("as_of") is not None and type(m["as_of"]) is not str:
        raise bad("'as_of' must be a string or null")
    if "recipient" in m and type(m["recipient"]) is not str:
        raise bad("'recipient' must be a string (the commune a receiving unit's bundle is for)")
    if "recovers" in m and (type(m["recovers"]) is not str or "recipient" not in m):
        raise bad("'recovers' must be a string (the commune installation a recovery bundle "
                  "rebuilds), and only in a bundle with a 'recipient'")
    for key in ("installation", "unit", "unit_name", "unit_set", "role", "public_key"):
        if type(m["sender"].get(key)) is not str:
            raise bad("missing or mistyped sender.%s" % key)
    if "encryption_key" in m["sender"]:
        key = m["sender"]["encryption_key"]
        if type(key) is not str:
            raise bad("sender.encryption_key must be a string (an age recipient, age1…)")
        try:
            xk_age.parse_recipient(key)
        except ValueError as err:
            raise bad("sender.encryption_key %r: %s" % (key[:80], err))
    if "sealed_for" in m:
        sf = m["sealed_for"]
        if type(sf) is not dict or type(sf.get("unit")) is not str \
                or type(sf.get("card")) is not str:
            raise bad("'sealed_for' must be {unit: string, card: string}")
        if not UNIT_RE.fullmatch(sf["unit"]):
            raise bad("sealed_for.unit %r is not a unit code (digits)" % sf["unit"])
        if not CARD_RE.fullmatch(sf["card"]):
            raise bad("sealed_for.card %r is not a fingerprint (six groups of four upper-case"
                      " hex digits)" % sf["card"])
    for kind, n in m["counts"].items():
        if not is_int(n, U64):
            raise bad("counts.%s is not an integer >= 0" % kind)
    for name, info in m["entries"].items():
        if (type(info) is not dict or type(info.get("sha256")) is not str
                or not is_int(info.get("size"), U64)):
            raise bad("entries.%s must be {sha256: string, size: integer}" % name)
    if m["format"] != FORMAT:
        raise bad("format %r, expected %r" % (m["format"], FORMAT))
    if m["format_version"] > FORMAT_VERSION:
        raise Refused("newer_format", "format_version %d is newer than %d: use a newer verifier"
                      % (m["format_version"], FORMAT_VERSION))


# ------------------------------------------------------------------ §7 records

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
UUID_ANY_RE = re.compile(r"(?i)(urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?"
                         r"[0-9a-f]{4}-?[0-9a-f]{12}\}?")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
ISSUING_UNIT_RE = re.compile(r"[0-9]{5}")
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
PARTIAL_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
TIME_RE = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
PHONE_RE = re.compile(r"0[35789]\d{8}|02\d{9}")
ID_NUMBER_RE = re.compile(r"[A-Z0-9]+")
UNIT_RE = re.compile(r"[0-9]+")
CARD_RE = re.compile(r"[0-9A-F]{4}( [0-9A-F]{4}){5}")
ATTACHMENT_MAGIC = (b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def parse_lines(entry, data):
    """§7.1: the shape of every line; refuses like our importer [bad_record]."""
    records, notes = [], []
    lines = data.split(b"\n")
    if lines and lines[-1] != b"":
        notes.append("%s: the last line does not end with \\n" % entry)
    for n, line in enumerate(lines, 1):
        if not line:
            if n < len(lines):
                notes.append("%s: blank line %d" % (entry, n))
            continue
        at = "%s line %d" % (entry, n)
        bad = lambda why: Refused("bad_record", "%s: %s" % (at, why))
        if len(line) > MAX_LINE_BYTES:
            raise bad("%d bytes, limit %d" % (len(line), MAX_LINE_BYTES))
        r = strict_json(line, "bad_record", at)
        if not isinstance(r, dict):
            raise bad("not a JSON object")
        for key, ty in (("id", str), ("owner", str), ("origin", str), ("deleted", bool),
                        ("fields", dict)):
            if type(r.get(key)) is not ty:
                raise bad("missing or mistyped %r" % key)
        if not is_int(r.get("hlc"), I64) or r["hlc"] <= 0:
            raise bad("'hlc' must be an integer > 0")
        if not UUID_ANY_RE.fullmatch(r["id"]):
            raise bad("'id' %r is not a UUID" % r["id"])
        if not UUID_RE.fullmatch(r["id"]):
            raise bad("'id' %r is not a hyphenated lower-case UUID" % r["id"])
        if not (1 <= len(r["owner"].encode()) <= 16 and 1 <= len(r["origin"].encode()) <= 64):
            raise bad("'owner' must be 1-16 bytes and 'origin' 1-64 bytes")
        if r["id"][14] == "8":
            # Owner-bound (docs/bundle-format.md §7.1): the last 32 bits are the first
            # 4 bytes of SHA-256("xungkich record owner\n" + owner).
            tag = hashlib.sha256(("xungkich record owner\n" + r["owner"]).encode()).hexdigest()[:8]
            if r["id"][-8:] != tag:
                notes.append("%s: id %s is tagged for another owner than %s" % (at, r["id"], r["owner"]))
        elif r["id"][14] != "7":
            notes.append("%s: id %s is neither an owner-bound UUID version 8 nor a UUID version 7" % (at, r["id"]))
        extra = set(r) - {"id", "owner", "hlc", "origin", "deleted", "fields"}
        if extra:
            notes.append("%s: unknown keys %s (ignored)" % (at, sorted(extra)))
        records.append(r)
    ids = [r["id"] for r in records]
    if ids != sorted(ids):
        notes.append("%s: lines are not sorted by id" % entry)
    if len(set(ids)) != len(ids):
        notes.append("%s: the same id on two lines" % entry)
    return records, notes


def text_problem(v, field):
    if type(v) is not str:
        return "not a string"
    if v == "":
        return "empty string (empty is null)"
    if len(v) > field["max"]:
        return "%d characters, at most %d" % (len(v), field["max"])
    if not unicodedata.is_normalized("NFC", v):
        return "not in Unicode NFC"
    multiline = field["type"] == "long_text"
    for c in v:
        if c == "\n" and multiline:
            continue
        if unicodedata.category(c) in ("Cc", "Cf") or (c.isspace() and c != " "):
            return "control, invisible or non-space whitespace character U+%04X" % ord(c)
    if not multiline and (v != v.strip(" ") or "  " in v):
        return "spaces not collapsed or not trimmed"
    return None


def value_problem(v, f):
    """§7.3: why a non-null value is not the canonical form of its field, or None."""
    t = f["type"]
    if t in ("text", "long_text"):
        return text_problem(v, f)
    if t in ("int", "money"):
        lo, hi = (f["min"], f["max"]) if t == "int" else (1, 10 ** 12)
        return None if is_int(v, (lo, hi)) else "not an integer in %d..%d" % (lo, hi)
    if t == "bool":
        return None if type(v) is bool else "not true or false"
    if type(v) is not str:
        return "not a string"
    if t == "date":
        m = DATE_RE.fullmatch(v)
        try:
            ok = m and datetime.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            ok = False
        return None if ok else "not a date YYYY-MM-DD"
    if t == "partial_date":
        m = PARTIAL_RE.fullmatch(v)
        try:
            ok = m and datetime.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
        except ValueError:
            ok = False
        return None if ok else "not YYYY, YYYY-MM or YYYY-MM-DD"
    if t == "time":
        return None if TIME_RE.fullmatch(v) else "not HH:MM"
    if t == "choice":
        return None if v in f["codes"] else "%r is not one of its codes" % v
    if t == "ref":
        return None if UUID_RE.fullmatch(v) else "not a hyphenated lower-case UUID"
    if t == "id_number":
        return None if ID_NUMBER_RE.fullmatch(v) else "not upper-case letters and digits"
    if t == "phone":
        return None if PHONE_RE.fullmatch(v) else "not a national phone number"
    if t == "attachment":
        return None if SHA256_RE.fullmatch(v) else "not 64 lower-case hex digits"
    if t == "issuing_unit":
        # A commune's code in the unit list of the decision's date (§7.2).
        return None if ISSUING_UNIT_RE.fullmatch(v) else "not a 5-digit commune code"
    if t == "document_model":
        # §7.3: a document as signed, its model as compact JSON (an object with kind,
        # title and sections); the importer checks every size against an A4 page.
        if len(v.encode("utf-8")) > f["max"]:
            return "longer than %d bytes" % f["max"]
        if unicodedata.normalize("NFC", v) != v:
            return "not NFC"
        try:
            doc = strict_json(v.encode("utf-8"), "bad_record", "document")
        except Refused:
            return "not a JSON document model"
        if not (isinstance(doc, dict) and set(doc) == {"kind", "title", "sections"}
                and isinstance(doc["sections"], list) and doc["sections"]):
            return "not a document model {kind, title, sections}"
        return None
    return "unknown field type %r" % t


def check_fields(kind, records, sensitive_included, attachments, warnings):
    """§7.3-7.4 for a known kind: errors for what must never travel, warnings for what
    our importer would put in quarantine."""
    catalogue = KINDS[kind]
    for r in records:
        at = "%s %s" % (kind, r["id"])
        if r["deleted"]:
            # §7.2: a tombstone says which record went, never what it held.
            if r["fields"]:
                warnings.append("%s: a tombstone carries %d field(s); a tombstone carries "
                                "none (the receiver keeps none of them)" % (at, len(r["fields"])))
            continue
        for name, v in r["fields"].items():
            f = catalogue.get(name)
            if f is None:
                warnings.append("%s: unknown field %r (would wait as newer_field)" % (at, name))
                continue
            if f["travels"] == "never":
                raise Refused("confidential_field",
                              "%s carries the confidential field %r" % (at, name))
            if f["travels"] == "on_request" and not sensitive_included:
                raise Refused("sensitive_field", "%s carries the sensitive field %r although "
                              "sensitive_included is false" % (at, name))
            if v is None:
                continue
            problem = value_problem(v, f)
            if problem:
                warnings.append("%s: %s: %s (would wait as bad_value)" % (at, name, problem))
            elif f["type"] == "attachment" and v not in attachments:
                warnings.append("%s: %s: attachment %s is not in the bundle (waits as "
                                "missing_attachment unless the receiver has it)" % (at, name, v))
        for f in catalogue.values():
            present = f["name"] in r["fields"]
            if f["travels"] == "always" and not present:
                warnings.append("%s: field %r absent" % (at, f["name"]))
            if f["required"] and present and r["fields"][f["name"]] is None:
                warnings.append("%s: required field %r is empty" % (at, f["name"]))


# ------------------------------------------------------------------ §12 content digest

def canonical(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8")


ADDED_AFTER_SCHEMA_5 = {"inspection_follow_up", "commendation_proposal", "programme"}
# Fields added since schema 13: in a record's digest only when not null (§12).
ADDED_SINCE_SCHEMA_13 = {("decision", "issuing_unit"), ("decision", "document"),
                         ("member", "age_exception"), ("member", "professional_level"),
                         ("commendation", "proposal_id"), ("programme_link", "programme_id"),
                         ("programme_link", "duty")}


def content_digest(records_by_kind):
    kinds, total = {}, hashlib.sha256()
    for k in CATALOGUE:
        always = [f["name"] for f in k["fields"] if f["travels"] == "always"]
        hashes = []
        for r in records_by_kind.get(k["kind"], []):
            # A deleted record counts by its id alone (§12).
            fields = {} if r["deleted"] else {
                name: r["fields"].get(name) for name in always
                if r["fields"].get(name) is not None
                or (k["kind"], name) not in ADDED_SINCE_SCHEMA_13}
            obj = {"id": r["id"], "owner": r["owner"], "deleted": r["deleted"],
                   "fields": fields}
            hashes.append(hashlib.sha256(canonical(obj)).digest())
        kind_sha = hashlib.sha256(b"".join(sorted(hashes))).hexdigest()
        kinds[k["kind"]] = {"count": len(hashes), "sha256": kind_sha}
        # A kind added after schema 5 counts in the total only once it holds records.
        if hashes or k["kind"] not in ADDED_AFTER_SCHEMA_5:
            total.update(("%s:%d:%s\n" % (k["kind"], len(hashes), kind_sha)).encode())
    return {"kinds": kinds, "sha256": total.hexdigest()}


# ------------------------------------------------------------------ §10 the order

def verify(data):
    """Steps 1-3 of §10, then what a verifier without a database can check."""
    entries, cd_offset, cd_size, eocd = read_index(data)
    by_name = {e.name: e for e in entries}
    warnings = []

    # 2. The manifest and its signature, before anything else is read.
    me = by_name.get(MANIFEST)
    if me is None:
        raise Refused("missing_entry", "no %s" % MANIFEST)
    if me.usize > MAX_MANIFEST_BYTES:
        raise Refused("bad_manifest", "manifest of %d bytes, limit %d"
                      % (me.usize, MAX_MANIFEST_BYTES))
    manifest_bytes = read_entry(data, me)
    se = by_name.get(SIGNATURE)
    if se is None:
        raise Refused("missing_entry", "no %s" % SIGNATURE)
    if se.usize != SIGNATURE_BYTES:
        raise Refused("bad_signature", "%s is %d bytes, not 64" % (SIGNATURE, se.usize))
    signature = read_entry(data, se)
    m = strict_json(manifest_bytes, "bad_manifest", MANIFEST)
    check_manifest(m)
    key_hex = m["sender"]["public_key"]
    if not SHA256_RE.fullmatch(key_hex):
        raise Refused("bad_signature", "sender.public_key is not 64 lower-case hex digits")
    public_key = bytes.fromhex(key_hex)
    if not ed25519_verify_strict(public_key, manifest_bytes, signature):
        raise Refused("bad_signature", "the Ed25519 signature of manifest.json does not verify")
    if not manifest_bytes.endswith(b"}\n"):
        warnings.append("manifest.json does not end with '}' and one line feed")

    # 3. Every entry listed, then every listed entry's size and hash (and record lines).
    listed = m["entries"]
    for e in entries:
        if e.name not in (MANIFEST, SIGNATURE) and e.name not in listed:
            raise Refused("unlisted_entry", "entry %r is not listed in the signed manifest"
                          % e.name)
    records_by_kind, attachments, others = {}, {}, []
    for name in sorted(listed, key=lambda s: s.encode("utf-8")):
        info = listed[name]
        e = by_name.get(name)
        if e is None:
            raise Refused("missing_entry", "listed entry %r is not in the ZIP" % name)
        if e.usize != info["size"]:
            raise Refused("hash_mismatch", "entry %r: size %d, the manifest says %d"
                          % (name, e.usize, info["size"]))
        content = read_entry(data, e)
        if hashlib.sha256(content).hexdigest() != info["sha256"]:
            raise Refused("hash_mismatch", "entry %r does not match its signed SHA-256" % name)
        if name.startswith("records/") and name.endswith(".jsonl"):
            kind = name[len("records/"):-len(".jsonl")]
            records, notes = parse_lines(name, content)
            records_by_kind[kind] = records
            warnings.extend(notes)
        elif name.startswith("attachments/"):
            attachments[name[len("attachments/"):]] = content
        elif name == "receipt.json":
            # §3.5: only in a receiving unit's bundle for one commune, at most 1 MiB,
            # then every field as the table says.
            if m["sender"].get("role") != "district" or "recipient" not in m:
                raise Refused("bad_receipt", "receipt.json in a bundle that is not a "
                              "receiving unit's bundle for one commune")
            if len(content) > 1048576:
                raise Refused("bad_receipt", "receipt.json is larger than 1 MiB")
            check_receipt(content, m)
            others.append(name)
        else:
            others.append(name)
            warnings.append("entry %r is unknown to format_version 1 (checked, ignored)" % name)

    # What a stand-alone verifier can add: names, counts, owners, fields.
    for sha, content in attachments.items():
        if not SHA256_RE.fullmatch(sha) or hashlib.sha256(content).hexdigest() != sha:
            raise Refused("bad_attachment_name",
                          "attachments/%s is not named by the SHA-256 of its content" % sha)
        if not content.startswith(ATTACHMENT_MAGIC) or len(content) > MAX_ATTACHMENT_BYTES:
            warnings.append("attachments/%s is not a PDF, PNG, JPEG or TIFF of at most 25 MiB:"
                            " our importer cannot store it" % sha)
    counts = m["counts"]
    for kind in sorted(set(counts) | set(records_by_kind)):
        lines = len(records_by_kind.get(kind, []))
        if counts.get(kind) != lines:
            raise Refused("counts_mismatch", "%s: %d record lines, the manifest counts %s"
                          % (kind, lines, counts.get(kind)))
    unit = m["sender"]["unit"]
    for kind, records in records_by_kind.items():
        for r in records:
            if r["owner"] != unit:
                raise Refused("not_owner", "%s %s is owned by %s, but the bundle is from %s"
                              % (kind, r["id"], r["owner"], unit))
        if kind in KINDS:
            check_fields(kind, records, m["sensitive_included"], attachments, warnings)
        else:
            warnings.append("kind %r is unknown to this verifier (its %d records would wait"
                            " as newer_kind)" % (kind, len(records)))
    if m["scope"] not in ("full", "incremental"):
        warnings.append("scope %r is neither 'full' nor 'incremental'" % m["scope"])
    if m["sender"]["role"] not in ("commune", "district"):
        warnings.append("sender.role %r is neither 'commune' nor 'district'"
                        % m["sender"]["role"])
    if m["sender"]["unit_set"] not in ("2008", "2025"):
        warnings.append("sender.unit_set %r is neither '2008' nor '2025'"
                        % m["sender"]["unit_set"])
    if m["scope"] == "full" and m["from_seq"] != 1:
        warnings.append("a full bundle whose range does not start at 1")

    complete = (m["scope"] == "full" or m["from_seq"] == 1) and all(
        k in KINDS for k in records_by_kind)
    layout = [(e.name, e.local_offset, e.data_offset, e.csize, e.usize, e.method)
              for e in entries]
    return {
        "ok": True,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "format_version": m["format_version"],
        "schema_version": m["schema_version"],
        "app_version": m["app_version"],
        "sender": {k: m["sender"][k] for k in
                   ("installation", "unit", "unit_name", "unit_set", "role", "public_key",
                    "encryption_key") if k in m["sender"]},
        "fingerprint": fingerprint(public_key),
        "scope": m["scope"],
        "from_seq": m["from_seq"],
        "to_seq": m["to_seq"],
        "as_of": m.get("as_of"),
        "sensitive_included": m["sensitive_included"],
        "_sealed_for": m.get("sealed_for"),
        "counts": counts,
        "records": sum(len(r) for r in records_by_kind.values()),
        "attachments": len(attachments),
        "entries": len(entries),
        "warnings": warnings,
        "digest": content_digest(records_by_kind) if complete else None,
        "_layout": (layout, cd_offset, cd_size, eocd),
    }


# ------------------------------------------------------------------ sealed bundles

SEALED_MAGIC = b"xungkich-sealed-bundle/1\n"
SEALED_PREFIX = b"xungkich-sealed-bundle/"
MAX_ENVELOPE_LINE = 4096  # the header line, its line feed included


def envelope_fault(why):
    return Refused("bad_envelope", "sealed bundle: " + why)


def read_envelope(data):
    """The magic line and the header line: (header, where the age file starts).
    Nothing in the header is trusted until the signed manifest agrees with it."""
    if not data.startswith(SEALED_MAGIC):
        raise envelope_fault("the first line is not %r"
                             % SEALED_MAGIC.decode("ascii").rstrip("\n"))
    start = len(SEALED_MAGIC)
    end = data.find(b"\n", start, start + MAX_ENVELOPE_LINE)
    if end < 0:
        raise envelope_fault("no header line of at most %d bytes (with its line feed)"
                             % MAX_ENVELOPE_LINE)
    raw = data[start:end]
    h = strict_json(raw, "bad_envelope", "the sealed bundle's header line")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # strict_json has already refused it
        raise envelope_fault("the header line is not UTF-8")
    if not unicodedata.is_normalized("NFC", text):
        raise envelope_fault("the header line is not in Unicode NFC")
    shape = {"sender": ("unit", "unit_name"), "recipient": ("unit", "unit_name", "card")}
    if type(h) is not dict or set(h) != set(shape):
        raise envelope_fault("the header must be an object with exactly the keys "
                             "'sender' and 'recipient'")
    for part, keys in shape.items():
        v = h[part]
        if type(v) is not dict or set(v) != set(keys):
            raise envelope_fault("header.%s must have exactly the keys %s"
                                 % (part, ", ".join(keys)))
        if any(type(v[k]) is not str for k in keys):
            raise envelope_fault("header.%s: every value must be a string" % part)
        if not UNIT_RE.fullmatch(v["unit"]):
            raise envelope_fault("header.%s.unit %r is not a unit code (digits)"
                                 % (part, v["unit"]))
    if not CARD_RE.fullmatch(h["recipient"]["card"]):
        raise envelope_fault("header.recipient.card %r is not a fingerprint (six groups of "
                             "four upper-case hex digits)" % h["recipient"]["card"])
    return h, end + 1


def who(part):
    return "%s (%s)" % (part["unit_name"], part["unit"])


def open_sealed(data, header, age_start, identity):
    """The bundle inside a sealed file. identity is the 32-byte age X25519 secret, or
    None. The plaintext is never longer than the age file."""
    try:
        plain = xk_age.decrypt(data, identity, start=age_start)
    except xk_age.AgeError as err:
        if err.kind != xk_age.NO_MATCH:
            raise envelope_fault(err.message)
        words = ("the bundle of %s is sealed for %s, card %s (as its envelope says)"
                 % (who(header["sender"]), who(header["recipient"]),
                    header["recipient"]["card"]))
        if identity is None:
            words += ("; no age identity was given to open it (--identity-file FILE or "
                      "XUNGKICH_AGE_IDENTITY)")
        else:
            words += ("; the identity given (whose recipient is %s) cannot open it"
                      % xk_age.encode_recipient(xk_age.x25519_public(identity)))
        raise Refused("sealed_for_other", words)
    return plain


def check_sealing(summary, header):
    """After the bundle inside verified: the signed manifest and the envelope agree
    (header None: the file was a plain bundle)."""
    sealed_for = summary["_sealed_for"]
    if header is None:
        if sealed_for is not None:
            raise Refused("bad_envelope", "the signed manifest says this bundle was sealed for"
                          " unit %s, card %s, but it is not in its envelope (a sealed "
                          "bundle taken out of its encryption)"
                          % (sealed_for["unit"], sealed_for["card"]))
        return
    if sealed_for is None:
        raise envelope_fault("the signed manifest inside has no sealed_for: this bundle was "
                             "not made to be sealed")
    sender, recipient = header["sender"], header["recipient"]
    if summary["sender"]["unit"] != sender["unit"]:
        raise envelope_fault("the envelope says it is from unit %s, the signed manifest "
                             "says %s" % (sender["unit"], summary["sender"]["unit"]))
    if (sealed_for["unit"], sealed_for["card"]) != (recipient["unit"], recipient["card"]):
        raise envelope_fault("the envelope says it is sealed for unit %s, card %s; the "
                             "signed manifest says unit %s, card %s"
                             % (recipient["unit"], recipient["card"], sealed_for["unit"],
                                sealed_for["card"]))
    if summary["sender"]["unit_name"] != sender["unit_name"]:
        summary["warnings"].append("the envelope names the sender %r, the signed manifest %r"
                                   % (sender["unit_name"], summary["sender"]["unit_name"]))


def verify_file(data, identity):
    """A plain or a sealed bundle. identity: a function giving the age secret (32 bytes)
    or None; called only for a sealed bundle."""
    if not data.startswith(SEALED_PREFIX):
        summary = verify(data)
        check_sealing(summary, None)
        return summary
    header = None
    try:
        if len(data) > MAX_FILE_BYTES:
            raise Refused("bundle_too_large", "file of %d bytes, limit %d"
                          % (len(data), MAX_FILE_BYTES))
        header, age_start = read_envelope(data)
        plain = open_sealed(data, header, age_start, identity())
        summary = verify(plain)
        check_sealing(summary, header)
    except Refused as r:
        r.sealed = header
        raise
    summary["sealed"] = {"sender": header["sender"], "recipient": header["recipient"],
                         "bundle_bytes": summary["bytes"],
                         "bundle_sha256": summary["sha256"]}
    summary["bytes"] = len(data)
    summary["sha256"] = hashlib.sha256(data).hexdigest()
    return summary


class IdentityError(Exception):
    """The age identity given cannot be read or is not one (a usage error)."""


def read_identity(path):
    """The age identity from a file (its first line that is neither blank nor a #
    comment), else from XUNGKICH_AGE_IDENTITY, else None."""
    try:
        if path is not None:
            with open(path, "r", encoding="utf-8") as fh:
                lines = [line.strip() for line in fh.read(1 << 16).splitlines()]
            lines = [line for line in lines if line and not line.startswith("#")]
            if not lines:
                raise ValueError("%s holds no identity" % path)
            return xk_age.parse_identity(lines[0])
        text = os.environ.get("XUNGKICH_AGE_IDENTITY", "").strip()
        return xk_age.parse_identity(text) if text else None
    except (OSError, ValueError) as err:
        where = path if path is not None else "XUNGKICH_AGE_IDENTITY"
        raise IdentityError("cannot use the age identity of %s: %s" % (where, err))


# ------------------------------------------------------------------ self-test: sealed bundles

def point_compress(pt):
    zinv = modp_inv(pt[2])
    x, y = pt[0] * zinv % P, pt[1] * zinv % P
    return (y | (x & 1) << 255).to_bytes(32, "little")


def ed25519_keypair(seed):
    """RFC 8032 §5.1.5, for the self-test's bundles only: (scalar, prefix, public)."""
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little") & ((1 << 254) - 8) | (1 << 254)
    return a, h[32:], point_compress(point_mul(a, G))


def ed25519_sign(seed, message):
    """RFC 8032 §5.1.6, for the self-test's bundles only."""
    a, prefix, public = ed25519_keypair(seed)
    r = int.from_bytes(hashlib.sha512(prefix + message).digest(), "little") % L
    r_bytes = point_compress(point_mul(r, G))
    k = int.from_bytes(hashlib.sha512(r_bytes + public + message).digest(), "little") % L
    return r_bytes + ((r + k * a) % L).to_bytes(32, "little")


def make_zip(entries):
    """§2.1's layout, every entry STORED: [(name, bytes)] -> the ZIP."""
    local, central, offset = [], [], 0
    for name, data in entries:
        raw = name.encode("utf-8")
        crc = zlib.crc32(data) & 0xFFFFFFFF
        head = struct.pack("<IHHHHHIIIHH", LOCAL_SIG, 20, FLAG_UTF8, STORED, 0, 0x21, crc,
                           len(data), len(data), len(raw), 0)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", CENTRAL_SIG, 20, 20, FLAG_UTF8,
                                   STORED, 0, 0x21, crc, len(data), len(data), len(raw), 0,
                                   0, 0, 0, 0, offset) + raw)
        local.append(head + raw + data)
        offset += len(head) + len(raw) + len(data)
    cd = b"".join(central)
    return b"".join(local) + cd + struct.pack("<IHHHHIIH", EOCD_SIG, 0, 0, len(entries),
                                              len(entries), len(cd), offset, 0)


TEST_CARD = "3F2A 91C0 7B4E D215 0A9C 66E1"


def make_bundle(sealed_for=None, encryption_key=None, attachment=None):
    """A small signed bundle of unit 00001, no records, perhaps one attachment."""
    seed = b"\x01" * 32
    others = []
    if attachment is not None:
        others.append(("attachments/" + hashlib.sha256(attachment).hexdigest(), attachment))
    sender = {"installation": "01a21fcb-7d1a-77c7-b833-0c65df2d289b", "unit": "00001",
              "unit_name": "Phường Phúc Xá", "unit_set": "2008", "role": "commune",
              "public_key": ed25519_keypair(seed)[2].hex()}
    if encryption_key is not None:
        sender["encryption_key"] = encryption_key
    m = {"format": FORMAT, "format_version": 1, "schema_version": 8, "app_version": "0.1.0",
         "sender": sender, "scope": "incremental", "from_seq": 1, "to_seq": 0,
         "as_of": None, "sensitive_included": False, "counts": {},
         "entries": {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                     for name, data in others}}
    if sealed_for is not None:
        m["sealed_for"] = sealed_for
    manifest = json.dumps(m, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    return make_zip([(MANIFEST, manifest), (SIGNATURE, ed25519_sign(seed, manifest))]
                    + others)


def make_sealed(bundle, recipient, header=None, rand=os.urandom):
    if header is None:
        header = {"sender": {"unit": "00001", "unit_name": "Phường Phúc Xá"},
                  "recipient": {"unit": "01", "unit_name": "Thành phố Hà Nội",
                                "card": TEST_CARD}}
    if not isinstance(header, bytes):
        header = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    return SEALED_MAGIC + header + b"\n" + xk_age.encrypt(bundle, recipient, rand)


def self_test_sealed():
    import time
    rand = xk_age._Replay(b"verify-bundle self-test")
    secret = rand(32)
    recipient = xk_age.x25519_public(secret)
    sealed_for = {"unit": "01", "card": TEST_CARD}
    reply = xk_age.encode_recipient(xk_age.x25519_public(rand(32)))

    def refused(code, data, identity=secret, contains=None):
        try:
            verify_file(data, lambda: identity)
        except Refused as r:
            assert r.code == code, "expected %s, got %s: %s" % (code, r.code, r.message)
            assert contains is None or contains in r.message, r.message
            return r
        raise AssertionError("accepted, expected %s" % code)

    # A plain bundle as before; a sealed one, opened, agrees with its envelope.
    plain = make_bundle()
    s = verify_file(plain, lambda: None)
    assert "sealed" not in s and s["warnings"] == [], s["warnings"]
    inner = make_bundle(sealed_for, reply)
    data = make_sealed(inner, recipient, rand=rand)
    s = verify_file(data, lambda: secret)
    assert s["sealed"]["recipient"]["card"] == TEST_CARD and s["warnings"] == []
    assert s["sealed"]["bundle_sha256"] == hashlib.sha256(inner).hexdigest()
    assert s["sha256"] == hashlib.sha256(data).hexdigest()
    assert s["sender"]["encryption_key"] == reply
    # Without the right identity: who sent it, for whom, and the envelope kept.
    r = refused("sealed_for_other", data, None, "Thành phố Hà Nội (01), card " + TEST_CARD)
    assert r.sealed["sender"]["unit"] == "00001" and "Phường Phúc Xá (00001)" in r.message
    refused("sealed_for_other", data, rand(32), "cannot open it")
    # The manifest and the envelope must agree, and sealed_for goes with sealing.
    refused("bad_envelope", make_bundle(sealed_for), contains="not in its envelope")
    refused("bad_envelope", make_sealed(plain, recipient, rand=rand), contains="no sealed_for")
    refused("bad_envelope", make_sealed(make_bundle({"unit": "02", "card": TEST_CARD}),
                                        recipient, rand=rand), contains="sealed for unit 01")
    other_card = {"unit": "01", "card": TEST_CARD.replace("3F2A", "3F2B")}
    refused("bad_envelope", make_sealed(make_bundle(other_card), recipient, rand=rand))
    header = {"sender": {"unit": "00002", "unit_name": "Phường Phúc Xá"},
              "recipient": {"unit": "01", "unit_name": "Thành phố Hà Nội", "card": TEST_CARD}}
    refused("bad_envelope", make_sealed(inner, recipient, header, rand), contains="from unit")
    header["sender"] = {"unit": "00001", "unit_name": "Phường Phúc Xá (renamed)"}
    assert verify_file(make_sealed(inner, recipient, header, rand),
                       lambda: secret)["warnings"], "a different sender name not warned"
    # The manifest's new keys, checked in form.
    refused("bad_manifest", make_sealed(make_bundle(sealed_for, reply[:-1] + "x"), recipient,
                                        rand=rand), contains="encryption_key")
    refused("bad_manifest", make_sealed(make_bundle({"unit": "01", "card": TEST_CARD.lower()}),
                                        recipient, rand=rand), contains="sealed_for.card")
    # The envelope's header line.
    good = json.dumps(header, ensure_ascii=False).encode()
    for bad_header, why in [
            (b"{", "valid JSON"),
            (good.replace(b'"card"', b'"kard"'), "exactly the keys"),
            (good[:-1] + b',"extra":1}', "exactly the keys"),
            (good.replace(b'"01"', b'"01a"'), "unit code"),
            (good.replace(TEST_CARD.encode(), TEST_CARD.lower().encode()), "fingerprint"),
            (good.replace("ờ".encode(), unicodedata.normalize("NFD", "ờ").encode()), "NFC"),
            (good.replace(b"(renamed)", b"x" * 4100), "at most 4096"),
            (good[:-1] + b',"sender":{}}', "duplicate key")]:
        refused("bad_envelope", make_sealed(inner, recipient, bad_header, rand), contains=why)
    refused("bad_envelope", b"xungkich-sealed-bundle/2\n" + data[len(SEALED_MAGIC):],
            contains="first line")
    # The age file: tampered, cut, lengthened.
    start = data.index(b"\n", len(SEALED_MAGIC)) + 1
    flipped = bytearray(data)
    flipped[-20] ^= 0x40
    refused("bad_envelope", bytes(flipped), contains="fails authentication")
    refused("bad_envelope", data[:-1])
    refused("bad_envelope", data + b"\n")
    refused("bad_envelope", data[:start] + b"age-encryption.org/v2\n" + data[start + 22:],
            contains="version")
    # 1 MB and 10 MB attachments through the whole path, and the speed of decryption.
    timings = []
    for mb in (1, 10):
        big = make_bundle(sealed_for, attachment=b"%PDF-" + rand(mb * 1000000 - 5))
        data = make_sealed(big, recipient, rand=rand)
        t = time.perf_counter()
        assert xk_age.decrypt(data, secret, start=data.index(b"age-encryption.org/v1")) == big
        t_decrypt = time.perf_counter() - t
        t = time.perf_counter()
        assert verify_file(data, lambda: secret)["attachments"] == 1
        timings.append("%d MB: decrypt %.2f s, decrypt and verify %.2f s"
                       % (mb, t_decrypt, time.perf_counter() - t))
    return "sealed bundles: envelope, agreement with the manifest, refusals (%s)" % (
        "; ".join(timings))


# ------------------------------------------------------------------ output

def sealed_lines(sealed):
    rcp = sealed["recipient"]
    return ["sealed by:    %s" % who(sealed["sender"]),
            "sealed for:   %s, card %s" % (who(rcp), rcp["card"])]


def human(path, s, show_layout):
    out = []
    add = out.append
    sealed = s.get("sealed")
    add("OK: %s is a valid %sbundle (%ssignature, %d entries, %d record lines checked)"
        % (path, "sealed " if sealed else "", "envelope, " if sealed else "", s["entries"],
           s["records"]))
    add("file:         %d bytes, SHA-256 %s" % (s["bytes"], s["sha256"]))
    if sealed:
        out.extend(sealed_lines(sealed))
        add("bundle:       %d bytes inside the envelope, SHA-256 %s"
            % (sealed["bundle_bytes"], sealed["bundle_sha256"]))
    snd = s["sender"]
    add("sender:       %s (%s), %s, unit set %s" % (snd["unit_name"], snd["unit"], snd["role"],
                                                  snd["unit_set"]))
    if "encryption_key" in snd:
        add("reply key:    %s (the sender's age recipient, to seal bundles for it)"
            % snd["encryption_key"])
    add("installation: %s" % snd["installation"])
    add("fingerprint:  %s" % s["fingerprint"])
    add("format:       %d (schema %d, program %s)" % (s["format_version"],
                                                     s["schema_version"], s["app_version"]))
    rng = ("%d..%d" % (s["from_seq"], s["to_seq"]) if s["from_seq"] <= s["to_seq"]
           else "empty (%d..%d)" % (s["from_seq"], s["to_seq"]))
    add("scope:        %s, changes %s" % (s["scope"], rng))
    add("as of:        %s" % (s["as_of"] or "-"))
    add("sensitive:    %s" % ("included" if s["sensitive_included"] else "not included"))
    nonzero = ["%s %d" % (k, n) for k, n in s["counts"].items() if n]
    add("counts:       %s (total %d)" % (", ".join(nonzero) or "none", s["records"]))
    add("attachments:  %d" % s["attachments"])
    if s["digest"]:
        add("digest:       %s (the unit's whole content: compare with `xungkich digest "
            "--unit %s`)" % (s["digest"]["sha256"], snd["unit"]))
    for w in s["warnings"]:
        add("warning:      %s" % w)
    if show_layout:
        layout, cd_offset, cd_size, eocd = s["_layout"]
        add("layout:%s" % (" (of the bundle inside the envelope)" if sealed else ""))
        for name, local, data_off, csize, usize, method in layout:
            add("  %7d  local header + name (%d bytes), %s" % (local, data_off - local, name))
            add("  %7d  data, %d bytes %s (%d inflated)" % (
                data_off, csize, "STORED" if method == STORED else "DEFLATE", usize))
        add("  %7d  central directory, %d bytes" % (cd_offset, cd_size))
        add("  %7d  end record, 22 bytes" % eocd)
    return "\n".join(out)


def main(argv):
    argv = list(argv)
    identity_file = None
    for i, a in enumerate(argv):
        if a.startswith("--identity-file="):
            identity_file = argv.pop(i)[len("--identity-file="):]
            break
        if a == "--identity-file":
            if i + 1 >= len(argv):
                print("--identity-file needs a file name", file=sys.stderr)
                return 2
            identity_file = argv[i + 1]
            del argv[i:i + 2]
            break
    args = [a for a in argv if a.startswith("--")]
    files = [a for a in argv if not a.startswith("--")]
    unknown = set(args) - {"--json", "--strict", "--list", "--catalogue", "--self-test",
                           "--help"}
    if "--help" in args:
        print(__doc__.strip())
        return 0
    if unknown:
        print("unknown option %s" % ", ".join(sorted(unknown)), file=sys.stderr)
        return 2
    if "--catalogue" in args:
        print(json.dumps(CATALOGUE, ensure_ascii=False))
        return 0
    if "--self-test" in args:
        self_test()
        return 0
    if len(files) != 1:
        print("usage: verify-bundle.py [--json] [--strict] [--list] "
              "[--identity-file KEY.txt] BUNDLE", file=sys.stderr)
        return 2
    path = files[0]
    as_json = "--json" in args
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        print("cannot read %s: %s" % (path, err), file=sys.stderr)
        return 2
    summary = None
    try:
        if len(data) > MAX_FILE_BYTES:
            raise Refused("file_too_large", "more than %d bytes" % MAX_FILE_BYTES)
        summary = verify_file(data, lambda: read_identity(identity_file))
        if "--strict" in args and summary["warnings"]:
            raise Refused("warnings", "strict: %d warning(s): %s"
                          % (len(summary["warnings"]), summary["warnings"][0]))
    except IdentityError as err:
        print(err, file=sys.stderr)
        return 2
    except Refused as r:
        sealed = r.sealed or (summary or {}).get("sealed")
        if as_json:
            out = {"ok": False, "file": path, "error": r.code, "message": r.message}
            if sealed:
                out["sealed"] = {"sender": sealed["sender"], "recipient": sealed["recipient"]}
            print(json.dumps(out, ensure_ascii=False))
        else:
            print("REFUSED [%s]: %s: %s" % (r.code, path, r.message))
            if sealed:
                print("\n".join(sealed_lines(sealed)))
        return 1
    if as_json:
        summary = {k: v for k, v in summary.items() if not k.startswith("_")}
        summary["file"] = path
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(human(path, summary, "--list" in args))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
