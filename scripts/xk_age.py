"""age v1 for X25519 recipients, in pure standard-library Python.

The file format of https://age-encryption.org/v1 (C2SP age.md), limited to what a
sealed sync bundle uses (docs/bundle-format.md, "Sealed bundles"): X25519 recipient
stanzas, the binary (not armored) form. Written for scripts/verify-bundle.py, which
imports it from its own folder; it needs nothing but hashlib, hmac, struct, base64
and os (os.urandom, for encrypt() only).

    decrypt(data, secret_key)          -> the plaintext, or AgeError
    encrypt(plaintext, recipient)      -> an age file (used by the self-tests)
    parse_identity("AGE-SECRET-KEY-1…") / parse_recipient("age1…") -> 32 bytes
    self_test()                        -> RFC and age test vectors, round trips

The primitives are the RFCs' own: X25519 (RFC 7748, Montgomery ladder), HKDF-SHA256
(RFC 5869), ChaCha20, Poly1305 and their AEAD (RFC 8439), bech32 (BIP 173). Python
integers are not constant-time: this module is fit to check files on one's own
machine, not to serve decryptions to an adversary who can time them.

ChaCha20 runs on many blocks at once: each of the 16 state words of up to 1024 blocks
is one Python integer holding the 32-bit words in 64-bit lanes, so one integer
operation does the work of 1024 (see _keystream). Poly1305 is a plain loop.
"""

import base64
import hashlib
import hmac
import os
import struct


class AgeError(Exception):
    """Decryption failed. kind says where, in the age test kit's words:
    "header" (the header does not parse, or a stanza is malformed), "no_match" (no
    stanza opens with the key given, or no key given), "hmac" (the header MAC is wrong),
    "payload" (a STREAM chunk does not authenticate, or the payload is cut short or
    has bytes after its last chunk)."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


HEADER, NO_MATCH, HMAC, PAYLOAD = "header", "no_match", "hmac", "payload"

INTRO = b"age-encryption.org/v1\n"
X25519_LABEL = b"age-encryption.org/v1/X25519"
CHUNK = 65536
TAG = 16
ENC_CHUNK = CHUNK + TAG
NONCE_BYTES = 16
FILE_KEY_BYTES = 16

# ------------------------------------------------------------------ X25519 (RFC 7748)

P25519 = 2 ** 255 - 19
A24 = 121665
BASE_POINT = (9).to_bytes(32, "little")


def x25519(scalar, u):
    """RFC 7748 §5: the scalar is clamped, the u-coordinate's top bit masked."""
    if len(scalar) != 32 or len(u) != 32:
        raise ValueError("X25519 takes 32-byte scalars and u-coordinates")
    k = bytearray(scalar)
    k[0] &= 248
    k[31] &= 127
    k[31] |= 64
    k = int.from_bytes(k, "little")
    p = P25519
    x1 = int.from_bytes(u, "little") & ((1 << 255) - 1)
    x2, z2, x3, z3 = 1, 0, x1, 1
    swap = 0
    for t in range(254, -1, -1):
        bit = (k >> t) & 1
        if swap ^ bit:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = bit
        a = x2 + z2
        aa = a * a % p
        b = x2 - z2
        bb = b * b % p
        e = aa - bb
        c = x3 + z3
        d = x3 - z3
        da = d * a % p
        cb = c * b % p
        x3 = (da + cb) ** 2 % p
        z3 = x1 * (da - cb) ** 2 % p
        x2 = aa * bb % p
        z2 = e * (aa + A24 * e) % p
    if swap:
        x2, z2 = x3, z3
    return (x2 * pow(z2, p - 2, p) % p).to_bytes(32, "little")


def x25519_public(secret):
    return x25519(secret, BASE_POINT)


# ------------------------------------------------------------------ HKDF-SHA256 (RFC 5869)

def hkdf(salt, ikm, info, length=32):
    prk = hmac.new(salt if salt else bytes(32), ikm, hashlib.sha256).digest()
    out, t, i = b"", b"", 1
    while len(out) < length:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:length]


# ------------------------------------------------------------------ ChaCha20 (RFC 8439 §2.3-2.4)

SIGMA = (0x61707865, 0x3320646E, 0x79622D32, 0x6B206574)
MAX_BATCH = 1024  # blocks per _keystream call: 64 KiB, one STREAM chunk


def _keystream(key, nonce, counter, count):
    """count ChaCha20 blocks (64 bytes each) from block counter, as one bytearray.

    Word j of block i lives in bits 64i..64i+31 of the integer x[j]; the 32 bits above
    it are a gap that catches carries and the bits a rotation pushes out, and the mask
    clears after every addition and rotation."""
    if counter + count > 2 ** 32:
        raise ValueError("ChaCha20 block counter overflow")
    rep = int.from_bytes(b"\x01\x00\x00\x00\x00\x00\x00\x00" * count, "little")
    mask = 0xFFFFFFFF * rep
    ctr = int.from_bytes(b"".join(struct.pack("<Q", counter + i) for i in range(count)),
                         "little")
    init = ([w * rep for w in SIGMA] + [w * rep for w in struct.unpack("<8I", key)]
            + [ctr] + [w * rep for w in struct.unpack("<3I", nonce)])
    (x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14,
     x15) = init
    for _ in range(10):
        # Column round: QR(0,4,8,12) QR(1,5,9,13) QR(2,6,10,14) QR(3,7,11,15).
        x0 = (x0 + x4) & mask; x12 ^= x0; x12 = ((x12 << 16) | (x12 >> 16)) & mask
        x8 = (x8 + x12) & mask; x4 ^= x8; x4 = ((x4 << 12) | (x4 >> 20)) & mask
        x0 = (x0 + x4) & mask; x12 ^= x0; x12 = ((x12 << 8) | (x12 >> 24)) & mask
        x8 = (x8 + x12) & mask; x4 ^= x8; x4 = ((x4 << 7) | (x4 >> 25)) & mask
        x1 = (x1 + x5) & mask; x13 ^= x1; x13 = ((x13 << 16) | (x13 >> 16)) & mask
        x9 = (x9 + x13) & mask; x5 ^= x9; x5 = ((x5 << 12) | (x5 >> 20)) & mask
        x1 = (x1 + x5) & mask; x13 ^= x1; x13 = ((x13 << 8) | (x13 >> 24)) & mask
        x9 = (x9 + x13) & mask; x5 ^= x9; x5 = ((x5 << 7) | (x5 >> 25)) & mask
        x2 = (x2 + x6) & mask; x14 ^= x2; x14 = ((x14 << 16) | (x14 >> 16)) & mask
        x10 = (x10 + x14) & mask; x6 ^= x10; x6 = ((x6 << 12) | (x6 >> 20)) & mask
        x2 = (x2 + x6) & mask; x14 ^= x2; x14 = ((x14 << 8) | (x14 >> 24)) & mask
        x10 = (x10 + x14) & mask; x6 ^= x10; x6 = ((x6 << 7) | (x6 >> 25)) & mask
        x3 = (x3 + x7) & mask; x15 ^= x3; x15 = ((x15 << 16) | (x15 >> 16)) & mask
        x11 = (x11 + x15) & mask; x7 ^= x11; x7 = ((x7 << 12) | (x7 >> 20)) & mask
        x3 = (x3 + x7) & mask; x15 ^= x3; x15 = ((x15 << 8) | (x15 >> 24)) & mask
        x11 = (x11 + x15) & mask; x7 ^= x11; x7 = ((x7 << 7) | (x7 >> 25)) & mask
        # Diagonal round: QR(0,5,10,15) QR(1,6,11,12) QR(2,7,8,13) QR(3,4,9,14).
        x0 = (x0 + x5) & mask; x15 ^= x0; x15 = ((x15 << 16) | (x15 >> 16)) & mask
        x10 = (x10 + x15) & mask; x5 ^= x10; x5 = ((x5 << 12) | (x5 >> 20)) & mask
        x0 = (x0 + x5) & mask; x15 ^= x0; x15 = ((x15 << 8) | (x15 >> 24)) & mask
        x10 = (x10 + x15) & mask; x5 ^= x10; x5 = ((x5 << 7) | (x5 >> 25)) & mask
        x1 = (x1 + x6) & mask; x12 ^= x1; x12 = ((x12 << 16) | (x12 >> 16)) & mask
        x11 = (x11 + x12) & mask; x6 ^= x11; x6 = ((x6 << 12) | (x6 >> 20)) & mask
        x1 = (x1 + x6) & mask; x12 ^= x1; x12 = ((x12 << 8) | (x12 >> 24)) & mask
        x11 = (x11 + x12) & mask; x6 ^= x11; x6 = ((x6 << 7) | (x6 >> 25)) & mask
        x2 = (x2 + x7) & mask; x13 ^= x2; x13 = ((x13 << 16) | (x13 >> 16)) & mask
        x8 = (x8 + x13) & mask; x7 ^= x8; x7 = ((x7 << 12) | (x7 >> 20)) & mask
        x2 = (x2 + x7) & mask; x13 ^= x2; x13 = ((x13 << 8) | (x13 >> 24)) & mask
        x8 = (x8 + x13) & mask; x7 ^= x8; x7 = ((x7 << 7) | (x7 >> 25)) & mask
        x3 = (x3 + x4) & mask; x14 ^= x3; x14 = ((x14 << 16) | (x14 >> 16)) & mask
        x9 = (x9 + x14) & mask; x4 ^= x9; x4 = ((x4 << 12) | (x4 >> 20)) & mask
        x3 = (x3 + x4) & mask; x14 ^= x3; x14 = ((x14 << 8) | (x14 >> 24)) & mask
        x9 = (x9 + x14) & mask; x4 ^= x9; x4 = ((x4 << 7) | (x4 >> 25)) & mask
    out = bytearray(64 * count)
    final = (x0, x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15)
    for j in range(16):
        lanes = ((final[j] + init[j]) & mask).to_bytes(8 * count, "little")
        for b in range(4):
            out[4 * j + b::64] = lanes[b::8]
    return out


def chacha20_blocks(key, nonce, counter, count):
    """count keystream blocks from counter (RFC 8439 §2.3), in batches."""
    if len(key) != 32 or len(nonce) != 12:
        raise ValueError("ChaCha20 takes a 32-byte key and a 12-byte nonce")
    parts = []
    while count > 0:
        n = min(count, MAX_BATCH)
        parts.append(_keystream(key, nonce, counter, n))
        counter += n
        count -= n
    return b"".join(parts)


def _xor(data, stream):
    n = len(data)
    if n == 0:
        return b""
    return (int.from_bytes(data, "little")
            ^ int.from_bytes(stream[:n], "little")).to_bytes(n, "little")


def chacha20_xor(key, nonce, counter, data):
    """RFC 8439 §2.4: encryption and decryption are the same."""
    return _xor(data, chacha20_blocks(key, nonce, counter, -(-len(data) // 64)))


# ------------------------------------------------------------------ Poly1305 (RFC 8439 §2.5)

P1305 = 2 ** 130 - 5
R_CLAMP = 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF


def poly1305(key, msg):
    r = int.from_bytes(key[:16], "little") & R_CLAMP
    s = int.from_bytes(key[16:32], "little")
    p = P1305
    acc = 0
    full = len(msg) - len(msg) % 16
    mv = memoryview(msg)
    top = 1 << 128
    frombytes = int.from_bytes
    for i in range(0, full, 16):
        acc = (acc + frombytes(mv[i:i + 16], "little") + top) * r % p
    if full < len(msg):
        rest = bytes(mv[full:])
        acc = (acc + frombytes(rest, "little") + (1 << (8 * len(rest)))) * r % p
    return ((acc + s) & ((1 << 128) - 1)).to_bytes(16, "little")


# ------------------------------------------------------------------ AEAD (RFC 8439 §2.8)

def _pad16(n):
    return bytes(-n % 16)


def _aead_tag(otk, aad, ct):
    mac_data = (aad + _pad16(len(aad)) + ct + _pad16(len(ct))
                + struct.pack("<QQ", len(aad), len(ct)))
    return poly1305(otk, mac_data)


def aead_encrypt(key, nonce, plaintext, aad=b""):
    stream = chacha20_blocks(key, nonce, 0, 1 + -(-len(plaintext) // 64))
    ct = _xor(plaintext, stream[64:])
    return ct + _aead_tag(stream[:32], aad, ct)


def aead_decrypt(key, nonce, sealed, aad=b""):
    """The plaintext, or None if the tag does not authenticate."""
    if len(sealed) < TAG:
        return None
    ct, tag = sealed[:-TAG], sealed[-TAG:]
    stream = chacha20_blocks(key, nonce, 0, 1 + -(-len(ct) // 64))
    if not hmac.compare_digest(_aead_tag(stream[:32], aad, ct), tag):
        return None
    return _xor(ct, stream[64:])


# ------------------------------------------------------------------ bech32 (BIP 173)

CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
GEN = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


def _polymod(values):
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            if (top >> i) & 1:
                chk ^= GEN[i]
    return chk


def _hrp_expand(hrp):
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def bech32_decode(s):
    """(hrp in the string's case, 5-bit values without the checksum); ValueError.

    BIP 173 less its 90-character limit (as age: its keys are 62 and 74)."""
    if any(ord(c) < 33 or ord(c) > 126 for c in s):
        raise ValueError("character outside US-ASCII 33-126")
    if s.lower() != s and s.upper() != s:
        raise ValueError("mixed case")
    pos = s.rfind("1")
    if pos < 1:
        raise ValueError("no separator or empty human-readable part")
    if len(s) - pos - 1 < 6:
        raise ValueError("checksum too short")
    low = s.lower()
    try:
        data = [CHARSET.index(c) for c in low[pos + 1:]]
    except ValueError:
        raise ValueError("character outside the bech32 alphabet")
    if _polymod(_hrp_expand(low[:pos]) + data) != 1:
        raise ValueError("bad checksum")
    return s[:pos], data[:-6]


def bech32_encode(hrp, data):
    """hrp is encoded as given (lower or upper case throughout); data is bytes."""
    values, acc, bits = [], 0, 0
    for b in data:
        acc = acc << 8 | b
        bits += 8
        while bits >= 5:
            bits -= 5
            values.append(acc >> bits & 31)
    if bits:
        values.append(acc << (5 - bits) & 31)
    low = hrp.lower()
    poly = _polymod(_hrp_expand(low) + values + [0] * 6) ^ 1
    values += [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    s = low + "1" + "".join(CHARSET[v] for v in values)
    return s.upper() if hrp.isupper() else s


def _five_to_bytes(values):
    """BIP 173 convertbits(5 -> 8) without padding: leftover bits must be fewer than 5
    and zero."""
    acc, bits, out = 0, 0, bytearray()
    for v in values:
        acc = acc << 5 | v
        bits += 5
        if bits >= 8:
            bits -= 8
            out.append(acc >> bits & 255)
    if bits >= 5 or acc & ((1 << bits) - 1):
        raise ValueError("non-zero or excess padding bits")
    return bytes(out)


def _decode_key(s, hrp, what):
    try:
        got, values = bech32_decode(s)
        data = _five_to_bytes(values)
    except ValueError as err:
        raise ValueError("%s: not valid bech32 (%s)" % (what, err))
    if got != hrp:
        raise ValueError("%s: prefix %r, expected %r" % (what, got, hrp))
    if len(data) != 32:
        raise ValueError("%s: %d bytes, expected 32" % (what, len(data)))
    return data


def parse_identity(s):
    """"AGE-SECRET-KEY-1…" (upper case, as age writes it) -> the 32-byte secret."""
    return _decode_key(s, "AGE-SECRET-KEY-", "age identity")


def parse_recipient(s):
    """"age1…" (lower case) -> the 32-byte X25519 public key."""
    return _decode_key(s, "age", "age recipient")


def encode_identity(secret):
    return bech32_encode("AGE-SECRET-KEY-", secret)


def encode_recipient(public):
    return bech32_encode("age", public)


# ------------------------------------------------------------------ the header

B64_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def b64_decode(s):
    """Standard base64 without padding, canonical (no set bits after the data); None
    if not."""
    if any(c not in B64_ALPHABET for c in s) or len(s) % 4 == 1:
        return None
    out = base64.b64decode(s + b"=" * (-len(s) % 4), validate=True)
    if b64_encode(out) != s:
        return None
    return out


def b64_encode(data):
    return base64.b64encode(data).rstrip(b"=")


class Stanza:
    def __init__(self, args, body):
        self.args = args  # list of bytes, the first is the type
        self.body = body  # decoded bytes


def _line(data, pos, what):
    end = data.find(b"\n", pos)
    if end < 0:
        raise AgeError(HEADER, "age header: %s has no line feed (file cut short?)" % what)
    return data[pos:end], end + 1


def parse_header(data, start=0):
    """The header of an age v1 file that starts at data[start]: (stanzas, mac, mac_end,
    payload_start), where the MAC covers data[start:mac_end] (up to and including
    "---"). Strict, as age.md says:
    every line ends with LF alone; a stanza line is "->" then arguments, each after one
    space, each 1+ characters of US-ASCII 33-126; its body is base64 (no padding,
    canonical) in lines of exactly 64 columns ended by a line of fewer (maybe none);
    the MAC line is "--- " and the base64 of 32 bytes."""
    if not data.startswith(INTRO, start):
        if data.startswith(b"age-encryption.org/", start):
            raise AgeError(HEADER, "age header: unsupported version line %r"
                           % bytes(data[start:start + 40]).split(b"\n")[0])
        raise AgeError(HEADER, "not an age file (no 'age-encryption.org/v1' line)")
    pos = start + len(INTRO)
    stanzas = []
    while True:
        start = pos
        line, pos = _line(data, pos, "a line")
        if line.startswith(b"---"):
            if line[3:4] != b" ":
                raise AgeError(HEADER, "age header: the MAC line is not '--- ' and the MAC")
            mac = b64_decode(line[4:])
            if mac is None or len(mac) != 32:
                raise AgeError(HEADER, "age header: the MAC is not the canonical base64 of "
                               "32 bytes")
            return stanzas, mac, start + 3, pos
        if not line.startswith(b"-> "):
            raise AgeError(HEADER, "age header: expected a stanza ('-> ') or the MAC "
                           "line ('--- '), found %r" % line[:40])
        args = line[3:].split(b" ")
        for a in args:
            if not a or any(c < 33 or c > 126 for c in a):
                raise AgeError(HEADER, "age header: an empty stanza argument or a character "
                               "outside US-ASCII 33-126 in %r" % line[:80])
        chunks = []
        while True:
            body_line, pos = _line(data, pos, "a stanza body")
            if len(body_line) > 64:
                raise AgeError(HEADER, "age header: a stanza body line longer than 64 "
                               "columns")
            chunks.append(body_line)
            if len(body_line) < 64:
                break
        body = b64_decode(b"".join(chunks))
        if body is None:
            raise AgeError(HEADER, "age header: a stanza body is not canonical unpadded "
                           "base64")
        stanzas.append(Stanza(args, body))


def check_x25519_stanza(stanza):
    """The X25519 stanza's form (age.md): "X25519", one argument, the canonical base64
    of 32 bytes; a body of exactly 32 bytes (the 16-byte file key and its tag)."""
    if len(stanza.args) != 2:
        raise AgeError(HEADER, "age header: an X25519 stanza needs exactly one argument, "
                       "it has %d" % (len(stanza.args) - 1))
    share = b64_decode(stanza.args[1])
    if share is None or len(share) != 32:
        raise AgeError(HEADER, "age header: the X25519 share is not the canonical base64 "
                       "of 32 bytes")
    if len(stanza.body) != FILE_KEY_BYTES + TAG:
        raise AgeError(HEADER, "age header: the X25519 stanza's body is %d bytes, not 32"
                       % len(stanza.body))
    return share


def unwrap_x25519(stanza, secret):
    """The file key, or None if this stanza is not for this identity."""
    share = check_x25519_stanza(stanza)
    shared = x25519(secret, share)
    if shared == bytes(32):
        raise AgeError(HEADER, "age header: the X25519 share is a low-order point "
                       "(all-zero shared secret)")
    wrap_key = hkdf(share + x25519_public(secret), shared, X25519_LABEL)
    return aead_decrypt(wrap_key, bytes(12), stanza.body)


# ------------------------------------------------------------------ STREAM payload

def _stream_nonce(counter, last):
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def decrypt_payload(file_key, payload):
    """age's STREAM: 16-byte nonce, then chunks of 64 KiB + 16, the last one (which
    may be full, and is empty only if it is the only one) flagged. The plaintext is
    never longer than the payload."""
    if len(payload) < NONCE_BYTES:
        # The test kit counts the nonce as part of the header.
        raise AgeError(HEADER, "age payload: shorter than its 16-byte nonce (cut short)")
    key = hkdf(bytes(payload[:NONCE_BYTES]), file_key, b"payload")
    body = memoryview(payload)[NONCE_BYTES:]
    if len(body) == 0:
        raise AgeError(PAYLOAD, "age payload: no chunk at all (cut short)")
    n_chunks = -(-len(body) // ENC_CHUNK)
    out = []
    for i in range(n_chunks):
        chunk = bytes(body[i * ENC_CHUNK:(i + 1) * ENC_CHUNK])
        last = i == n_chunks - 1
        if len(chunk) < TAG:
            raise AgeError(PAYLOAD, "age payload: the last chunk is shorter than its tag "
                           "(cut short)")
        if last and len(chunk) == TAG and i > 0:
            raise AgeError(PAYLOAD, "age payload: an empty last chunk after other chunks")
        plain = aead_decrypt(key, _stream_nonce(i, last), chunk)
        if plain is None:
            if last:
                if len(chunk) == ENC_CHUNK and aead_decrypt(
                        key, _stream_nonce(i, False), chunk) is not None:
                    raise AgeError(PAYLOAD, "age payload: ends after chunk %d without its "
                                   "last chunk (cut short)" % i)
                raise AgeError(PAYLOAD, "age payload: chunk %d fails authentication" % i)
            if aead_decrypt(key, _stream_nonce(i, True), chunk) is not None:
                raise AgeError(PAYLOAD, "age payload: bytes after the last chunk (chunk %d)"
                               % i)
            raise AgeError(PAYLOAD, "age payload: chunk %d fails authentication" % i)
        out.append(plain)
    return b"".join(out)


# ------------------------------------------------------------------ decrypt, encrypt

def open_header(data, only_one_x25519=True, start=0):
    """Parse and check the header; (stanzas, mac, mac_end, payload_start). With
    only_one_x25519 (the sealed bundle's rule), anything but exactly one X25519
    stanza, beside at most one "grease" stanza (a type ending in "-grease", which the
    age implementations add so that parsers keep skipping types they do not know), is a
    header failure."""
    stanzas, mac, mac_end, payload_start = parse_header(data, start)
    if only_one_x25519:
        x25519 = [s for s in stanzas if s.args[0] == b"X25519"]
        grease = [s for s in stanzas if s.args[0].endswith(b"-grease")]
        others = [s for s in stanzas if s not in x25519 and s not in grease]
        if others:
            raise AgeError(HEADER, "age header: a %r stanza, a sealed bundle has one X25519 "
                           "stanza" % others[0].args[0].decode("ascii", "replace"))
        if len(x25519) != 1 or len(grease) > 1:
            raise AgeError(HEADER, "age header: %d X25519 and %d grease stanzas, a sealed "
                           "bundle has exactly one X25519 stanza and at most one grease "
                           "stanza" % (len(x25519), len(grease)))
    for s in stanzas:
        if s.args[0] == b"X25519":
            check_x25519_stanza(s)
    return stanzas, mac, mac_end, payload_start


def decrypt(data, secret, only_one_x25519=True, start=0):
    """The plaintext of the age file data[start:], or AgeError. secret is the 32-byte
    X25519 identity, or None (then, the header checked, the answer is "no_match")."""
    stanzas, mac, mac_end, payload_start = open_header(data, only_one_x25519, start)
    file_key = None
    if secret is not None:
        for s in stanzas:
            if s.args[0] == b"X25519":
                file_key = unwrap_x25519(s, secret)
                if file_key is not None:
                    break
    if file_key is None:
        raise AgeError(NO_MATCH, "no recipient stanza opens with %s"
                       % ("the identity given" if secret is not None else "no identity"))
    mac_key = hkdf(b"", file_key, b"header")
    expected = hmac.new(mac_key, data[start:mac_end], hashlib.sha256).digest()
    if not hmac.compare_digest(expected, mac):
        raise AgeError(HMAC, "age header: the header MAC is wrong (the header was changed)")
    return decrypt_payload(file_key, memoryview(data)[payload_start:])


def encrypt(plaintext, recipient, rand=os.urandom):
    """An age v1 file for one X25519 recipient ("age1…" or 32 bytes)."""
    public = parse_recipient(recipient) if isinstance(recipient, str) else recipient
    file_key = rand(FILE_KEY_BYTES)
    ephemeral = rand(32)
    share = x25519_public(ephemeral)
    shared = x25519(ephemeral, public)
    if shared == bytes(32):
        raise ValueError("low-order recipient")
    wrap_key = hkdf(share + public, shared, X25519_LABEL)
    body = b64_encode(aead_encrypt(wrap_key, bytes(12), file_key))
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    if not lines or len(lines[-1]) == 64:
        lines.append(b"")
    header = INTRO + b"-> X25519 " + b64_encode(share) + b"\n" + b"\n".join(lines) + b"\n---"
    mac = hmac.new(hkdf(b"", file_key, b"header"), header, hashlib.sha256).digest()
    nonce = rand(NONCE_BYTES)
    key = hkdf(nonce, file_key, b"payload")
    out = [header, b" ", b64_encode(mac), b"\n", nonce]
    n = max(1, -(-len(plaintext) // CHUNK))
    for i in range(n):
        out.append(aead_encrypt(key, _stream_nonce(i, i == n - 1),
                                plaintext[i * CHUNK:(i + 1) * CHUNK]))
    return b"".join(out)


# ------------------------------------------------------------------ self-test

# A handful of the C2SP CCTV age test kit's vectors (github.com/C2SP/CCTV, age/testdata,
# 0BSD/CC0): (name, expected outcome, identity index, the header after its first line
# without its last line feed, the payload in hex). "ok:<hex>" is success with the
# SHA-256 of the plaintext starting with <hex>; the others are AgeError kinds.
CCTV_IDENTITIES = [
    "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0",
    "AGE-SECRET-KEY-143WN7DCXU4G8R5AXQSSYD9AEPYDNT3HXSLWSPK36CDU6E8M59SSSAGZ3KG",
]
CCTV_VECTORS = [
    ('x25519', 'ok:013f54400c82da08', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNg',
     'eecf62c7ce91b433274e68d4f2f9134cb74c5bfef7beaa52c8f0bc0e992c1e8331fb66'),
    ('x25519_no_match', 'no_match', 1,
     '-> X25519 ajtqAvDEkVNr2B7zUOtq2mAQXDSBlNrVAuM/dKb5sT4\nHUKtz0R2j5Bl2ER7HhAZrURikCFpiIjNa0KjHcjbAGU\n--- rrpTlvKEKrK3EqhoOPJeP1KE8O1d2arrRez77mwekRc',
     'dddf72d06fbcab57df3d0d312496ad218cd7fd6f8078bbf8812dd87947155eb7bd5e88'),
    ('x25519_bad_tag', 'no_match', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FE4\n--- zOCHpynV0aV7p4R6c+bOapgpq9TtpFgGgYghQ2+PIX8',
     'eecf62c7ce91b433274e68d4f2f9134cb74c5bfef7beaa52c8f0bc0e992c1e8331fb66'),
    ('x25519_low_order', 'header', 0,
     '-> X25519 X5yVvKNQjCSx0LFVnIPvWwREXMRYHI6G2CJO3dCfEdc\n3E0NpFans/m0WLWF7+54ZBdNj3iqQqpraGDFiaRkvBA\n--- sXw327YMT1/ULXe+ZyRMbMY0Z2jnWHGgI9j1we6yQ8A',
     'ac5d3f3706e55071d3a604204697b9090595c2f7f5dbaee80d7a018c2872058af3ce7c'),
    ('x25519_identity', 'header', 0,
     '-> X25519 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nW3E/OCRme9TiTY97JoK31Z71arNur77WIIdB90XnN3M\n--- Pne3IPMDvBj7wRbPMcNViffpVZAx814tgMxp8AwyMhs',
     'ac5d3f3706e55071d3a604204697b9090595c2f7f5dbaee80d7a018c2872058af3ce7c'),
    ('x25519_long_file_key', 'header', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nnlObGn0CSA4pxiaG3W6nLlaFFuHmqW+bFC6sJmbsJ9yFesgSok1K0AI\n--- C49Jo3+j4I6jWB2tldSs1jVAXbv0mOTAnwdT+5vOiBg',
     'eecf62c7ce91b433274e68d4f2f9134c63f728ade7f10d04d074ffc78f50b229807831'),
    ('x25519_not_canonical_share', 'header', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCd\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- ngoKTEDpJF0jTrD7UALMpTyjZC8ONeH6kqCvSYCvm2g',
     'eecf62c7ce91b433274e68d4f2f9134cb74c5bfef7beaa52c8f0bc0e992c1e8331fb66'),
    ('x25519_extra_argument', 'header', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc 1234\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- l7E0/PQP54HBZYKUu505n1muW7EniDFqMrXgMhFmeiA',
     'eecf62c7ce91b433274e68d4f2f9134cb74c5bfef7beaa52c8f0bc0e992c1e8331fb66'),
    ('x25519_short_share', 'header', 0,
     '-> X25519 l7o4oTX9X5E3/KODa/7CQ0CrA9fKMWsm9IJjYzSlJg\nyUGP5aPob6YJ+vzRfBtDT9D1K/wmyheZE/Xl/mDSKA4\n--- Zn1/VRtHpD93HtIXSv1S++POXeKcQF7w1+hpXhMiAbk',
     'ac5d3f3706e55071d3a604204697b9090595c2f7f5dbaee80d7a018c2872058af3ce7c'),
    ('hmac_bad', 'hmac', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- 8McE3ix9R34E/vLrQv3yepsHjo/LXhfs22Ab3UyInmg',
     'eecf62c7ce91b433274e68d4f2f9134cb74c5bfef7beaa52c8f0bc0e992c1e8331fb66'),
    ('hmac_not_canonical', 'header', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNh',
     'eecf62c7ce91b433274e68d4f2f9134cb74c5bfef7beaa52c8f0bc0e992c1e8331fb66'),
    ('stream_bad_tag', 'payload', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNg',
     'eecf62c7ce91b433274e68d4f2f9134cb74c5bfef7beaa52c8f0bc0e992c1e8331fb46'),
    ('stream_no_final', 'payload', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNg',
     'eecf62c7ce91b433274e68d4f2f9134c00bd63686da84814caaa0129618ac20861'),
    ('stream_two_final_chunks_short', 'payload', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNg',
     'eecf62c7ce91b433274e68d4f2f9134c0022220cc7ec670025a23d68bd3bdb8ed900052a72cd9750a6e2dfcbcef15226fe64'),
    ('stream_empty_payload', 'ok:e3b0c44298fc1c14', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNg',
     'eecf62c7ce91b433274e68d4f2f9134cad2e4fcf3e528a4130deabef4336e555'),
    ('stream_no_chunks', 'payload', 0,
     '-> X25519 TEiF0ypqr+bpvcqXNyCVJpL7OuwPdVwPL7KQEbFDOCc\nhjabGXwSLQ9c3S6Lw2i+S2Tu2fiwQHHslbBN6B41FLE\n--- WyJp9F/9FOZh7gJdheq2WIJcwHgYc8NIVh3ddwhrcNg',
     'eecf62c7ce91b433274e68d4f2f9134c'),
    ('x25519_multiple_recipients', 'ok:013f54400c82da08', 0,
     '-> X25519 ajtqAvDEkVNr2B7zUOtq2mAQXDSBlNrVAuM/dKb5sT4\n0evrK/HQXVsQ4YaDe+659l5OQzvAzD2ytLGHQLQiqxg\n-> X25519 0qC7u6AbLxuwnM8tPFOWVtWZn/ZZe7z7gcsP5kgA0FI\nY3OzevLm23Vx7PN9k33F9y+ercWe/bcZJLqhqA3h408\n--- 855pKblQzZ3oabDowxRDQvSj/xo47ZSh5WTjkmK0I0U',
     'f0b818be0f355442399920ad8084964b6f95c36db35e4f59d8f89e3cf26f2d1fa54213'),
]


def _expect_error(kind, data, secret, only_one_x25519=True):
    try:
        decrypt(data, secret, only_one_x25519)
    except AgeError as err:
        assert err.kind == kind, "expected %s, got %s: %s" % (kind, err.kind, err.message)
        return err
    raise AssertionError("a decryption that should fail (%s) succeeded" % kind)


def _chunked(seed, plaintext_chunks):
    """An age file whose STREAM chunks are given as (plaintext, last flag): to make the
    malformed streams that encrypt() never writes. Returns (identity, file)."""
    sk = _Replay(seed + b" identity")(32)
    good = encrypt(b"", x25519_public(sk), _Replay(seed))
    file_key = _Replay(seed)(FILE_KEY_BYTES)  # encrypt() draws the file key first
    start = good.index(b"\n---") + 1
    start = good.index(b"\n", start) + 1
    nonce = good[start:start + NONCE_BYTES]
    key = hkdf(nonce, file_key, b"payload")
    body = b"".join(aead_encrypt(key, _stream_nonce(i, last), p)
                    for i, (p, last) in enumerate(plaintext_chunks))
    return sk, good[:start + NONCE_BYTES] + body


class _Replay:
    """A deterministic "random" source for the self-tests: SHA-256 in counter mode."""

    def __init__(self, seed):
        self.seed, self.n = seed, 0

    def __call__(self, k):
        blocks = -(-k // 32)
        out = b"".join(hashlib.sha256(self.seed + (self.n + i).to_bytes(8, "big")).digest()
                       for i in range(blocks))
        self.n += blocks
        return out[:k]


def self_test():
    """Raises AssertionError on a failure; returns a line saying what passed."""
    h = bytes.fromhex
    # RFC 7748 §5.2: the two single-step vectors, then 1 and 1,000 iterations.
    for k, u, out in [
        ("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
         "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
         "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"),
        ("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
         "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
         "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"),
    ]:
        assert x25519(h(k), h(u)) == h(out), "RFC 7748 §5.2 vector"
    k = u = BASE_POINT
    for i in range(1, 1001):
        k, u = x25519(k, u), k
        if i == 1:
            assert k == h("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079"), \
                "RFC 7748 §5.2, 1 iteration"
    assert k == h("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51"), \
        "RFC 7748 §5.2, 1,000 iterations"
    # RFC 7748 §6.1.
    a_sk = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
    a_pk = h("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    b_sk = h("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")
    b_pk = h("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
    k_ab = h("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")
    assert x25519_public(a_sk) == a_pk and x25519_public(b_sk) == b_pk, "RFC 7748 §6.1 keys"
    assert x25519(a_sk, b_pk) == k_ab == x25519(b_sk, a_pk), "RFC 7748 §6.1 shared secret"

    # RFC 5869 A.1 (test case 1).
    okm = hkdf(h("000102030405060708090a0b0c"), b"\x0b" * 22, h("f0f1f2f3f4f5f6f7f8f9"), 42)
    assert okm == h("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                    "34007208d5b887185865"), "RFC 5869 test case 1"

    # RFC 8439 §2.5.2 (Poly1305) and §2.8.2 (the AEAD).
    assert poly1305(h("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b"),
                    b"Cryptographic Forum Research Group") == \
        h("a8061dc1305136c6c22b8baf0c0127a9"), "RFC 8439 §2.5.2"
    key = bytes(range(0x80, 0xA0))
    nonce = h("070000004041424344454647")
    aad = h("50515253c0c1c2c3c4c5c6c7")
    plain = (b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip "
             b"for the future, sunscreen would be it.")
    sealed = h("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
               "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
               "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
               "3ff4def08e4b7a9de576d26586cec64b6116" "1ae10b594f09e26a7e902ecbd0600691")
    assert aead_encrypt(key, nonce, plain, aad) == sealed, "RFC 8439 §2.8.2 encrypt"
    assert aead_decrypt(key, nonce, sealed, aad) == plain, "RFC 8439 §2.8.2 decrypt"
    assert chacha20_xor(key, nonce, 1, plain) == sealed[:-16], "RFC 8439 §2.8.2 ChaCha20"
    assert aead_decrypt(key, nonce, sealed, aad[:-1]) is None, "changed AAD accepted"
    # The batched keystream equals block-by-block (across a batch boundary too).
    many = chacha20_blocks(key, nonce, 1, MAX_BATCH + 3)
    assert many[64 * MAX_BATCH:] == b"".join(
        chacha20_blocks(key, nonce, 1 + MAX_BATCH + i, 1) for i in range(3)), "batching"

    # BIP 173: valid and invalid bech32 strings.
    for s in ["A12UEL5L", "a12uel5l",
              "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
              "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
              "11" + "q" * 82 + "c8247j",
              "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w", "?1ezyfcl"]:
        bech32_decode(s)
    for s in ["\x201nwldj5", "\x7f1axkwrx", "\x801eym55h", "pzry9x0s0muk", "1pzry9x0s0muk",
              "x1b4n0q5v", "li1dgmt3", "de1lg7wt\xff", "A1G7SGD8", "10a06t8", "1qzzfhee",
              "A12uEL5L"]:
        try:
            bech32_decode(s)
        except ValueError:
            continue
        raise AssertionError("invalid bech32 %r accepted" % s)
    sk = parse_identity(CCTV_IDENTITIES[0])
    assert encode_identity(sk) == CCTV_IDENTITIES[0], "identity round trip"
    pk_text = encode_recipient(x25519_public(sk))
    assert parse_recipient(pk_text) == x25519_public(sk) and pk_text.startswith("age1")
    for bad in [CCTV_IDENTITIES[0].lower(), pk_text.upper(), CCTV_IDENTITIES[0][:-1] + "2",
                pk_text, "AGE-SECRET-KEY-1"]:
        try:
            parse_identity(bad)
        except ValueError:
            continue
        raise AssertionError("bad identity %r accepted" % bad)

    # The age test kit.
    secrets = [parse_identity(s) for s in CCTV_IDENTITIES]
    for name, expect, which, header, payload in CCTV_VECTORS:
        data = INTRO + header.encode("ascii") + b"\n" + h(payload)
        strict = name != "x25519_multiple_recipients"
        if expect.startswith("ok:"):
            out = decrypt(data, secrets[which], only_one_x25519=strict)
            assert hashlib.sha256(out).hexdigest().startswith(expect[3:]), name
        else:
            _expect_error(expect, data, secrets[which], only_one_x25519=False)
    # A sealed bundle has exactly one X25519 stanza: age accepts two, we do not.
    _expect_error(HEADER, INTRO + CCTV_VECTORS[-1][3].encode() + b"\n"
                  + h(CCTV_VECTORS[-1][4]), secrets[0])

    # Round trips, then tampering.
    rand = _Replay(b"xk_age self-test")
    sk = rand(32)
    pk = x25519_public(sk)
    for size in (0, 1, 65535, 65536, 65537, 200000):
        plain = rand(size)
        sealed = encrypt(plain, encode_recipient(pk), rand)
        assert decrypt(sealed, sk) == plain, "round trip of %d bytes" % size
    plain = rand(70000)
    sealed = encrypt(plain, pk, rand)
    start = sealed.index(b"\n---") + 1
    payload_at = sealed.index(b"\n", start) + 1
    flipped = bytearray(sealed)
    flipped[payload_at + 20] ^= 1
    _expect_error(PAYLOAD, bytes(flipped), sk)
    mac = b64_decode(sealed[start + 4:payload_at - 1])
    other = b64_encode(bytes([mac[0] ^ 1]) + mac[1:])             # a flipped MAC bit
    _expect_error(HMAC, sealed[:start + 4] + other + sealed[payload_at - 1:], sk)
    _expect_error(PAYLOAD, sealed[:-1], sk)                       # last chunk cut
    _expect_error(PAYLOAD, sealed[:payload_at + 16 + ENC_CHUNK], sk)  # last chunk lost
    _expect_error(PAYLOAD, sealed + b"\x00", sk)                  # trailing byte
    _expect_error(PAYLOAD, sealed + sealed[-40:], sk)             # trailing bytes
    _expect_error(NO_MATCH, sealed, rand(32))                     # another identity
    _expect_error(NO_MATCH, sealed, None)                         # no identity
    _expect_error(HEADER, sealed[:payload_at - 2], sk)            # cut in the header
    _expect_error(HEADER, sealed.replace(b"-> X25519", b"-> X25519 ", 1), sk)
    # Empty final chunks: allowed only as the whole of an empty payload.
    seed = b"chunk rules"
    sk2, data = _chunked(seed, [(b"", True)])
    assert decrypt(data, sk2) == b""
    sk2, data = _chunked(seed, [(b"x" * CHUNK, False), (b"", True)])
    _expect_error(PAYLOAD, data, sk2)
    sk2, data = _chunked(seed, [(b"x" * CHUNK, True)])
    assert decrypt(data, sk2) == b"x" * CHUNK
    sk2, data = _chunked(seed, [(b"x" * CHUNK, False), (b"y", True)])
    assert decrypt(data, sk2) == b"x" * CHUNK + b"y"
    sk2, data = _chunked(seed, [(b"x" * 100, False)])
    _expect_error(PAYLOAD, data, sk2)
    sk2, data = _chunked(seed, [(b"x" * CHUNK, True), (b"y", True)])
    _expect_error(PAYLOAD, data, sk2)
    return ("age: RFC 7748 §5.2 and §6.1, RFC 8439 §2.5.2 and §2.8.2, RFC 5869 case 1, "
            "BIP 173, %d CCTV age vectors, round trips and tampering"
            % len(CCTV_VECTORS))
