//! Turning raw bytes into text: UTF-8, GB18030/GBK or Big5, detected or forced.

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8};

/// An encoding the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    /// UTF-8 (a byte-order mark is dropped).
    Utf8,
    /// GB18030, which also reads GBK and GB2312.
    Gb18030,
    /// Big5, as used for traditional Chinese in Taiwan and Hong Kong.
    Big5,
}

impl SourceEncoding {
    /// The name reported in JSON and messages.
    pub fn name(self) -> &'static str {
        match self {
            SourceEncoding::Utf8 => "utf-8",
            SourceEncoding::Gb18030 => "gb18030",
            SourceEncoding::Big5 => "big5",
        }
    }

    /// Parses a name given on the command line (`utf-8`, `utf8`, `gb18030`, `gbk`, `gb2312`, `big5`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(SourceEncoding::Utf8),
            "gb18030" | "gbk" | "gb2312" => Some(SourceEncoding::Gb18030),
            "big5" | "big-5" => Some(SourceEncoding::Big5),
            _ => None,
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            SourceEncoding::Utf8 => UTF_8,
            SourceEncoding::Gb18030 => GB18030,
            SourceEncoding::Big5 => BIG5,
        }
    }
}

/// Decoded text and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding it was read in.
    pub encoding: SourceEncoding,
    /// Whether some bytes were not valid in that encoding (they became U+FFFD).
    pub had_errors: bool,
    /// Whether the input ended inside a UTF-8 character (the partial character was dropped).
    pub was_cut: bool,
}

/// Decodes `bytes`, in `forced` if given, else in the encoding detected.
///
/// Bytes that are not valid in the encoding become U+FFFD. A UTF-8 file cut inside its last
/// character (a download or a copy that stopped short) is still UTF-8: the partial character is
/// dropped and `was_cut` says so.
pub fn decode(bytes: &[u8], forced: Option<SourceEncoding>) -> Decoded {
    let enc = forced.unwrap_or_else(|| detect(bytes));
    let mut was_cut = false;
    let bytes = if enc == SourceEncoding::Utf8 {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        match cut_utf8_tail(bytes) {
            Some(whole) => {
                was_cut = true;
                whole
            }
            None => bytes,
        }
    } else {
        bytes
    };
    let (text, had_errors) = enc.encoding().decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc,
        had_errors,
        was_cut,
    }
}

/// The bytes before an incomplete UTF-8 sequence at the very end, when that is the first
/// (and so the only) problem of an otherwise valid UTF-8 input.
fn cut_utf8_tail(bytes: &[u8]) -> Option<&[u8]> {
    match std::str::from_utf8(bytes) {
        Err(e) if e.error_len().is_none() => Some(&bytes[..e.valid_up_to()]),
        _ => None,
    }
}

/// Guesses the encoding: valid UTF-8 (also when cut inside its last character) is UTF-8;
/// otherwise chardetng chooses between the Chinese encodings (anything else it suggests is
/// read as GB18030, the superset of GBK).
pub fn detect(bytes: &[u8]) -> SourceEncoding {
    if std::str::from_utf8(bytes).is_ok() || cut_utf8_tail(bytes).is_some() {
        return SourceEncoding::Utf8;
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(None, chardetng::Utf8Detection::Deny);
    if guess == BIG5 {
        SourceEncoding::Big5
    } else {
        SourceEncoding::Gb18030
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIMPLIFIED: &str = "柳州新能源汽车产量同比增长155.1%，位居全区首位。数字化转型试点城市。";
    const TRADITIONAL: &str = "聊城傳統產業產值占比70%，擁有31個製造業大類中的29個。數字化轉型。";

    #[test]
    fn detects_and_decodes_gb18030_made_in_the_test() {
        let (bytes, _, _) = GB18030.encode(SIMPLIFIED);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(&bytes, None);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_errors),
            (SIMPLIFIED, SourceEncoding::Gb18030, false)
        );
    }

    #[test]
    fn detects_and_decodes_big5_made_in_the_test() {
        let (bytes, _, unmappable) = BIG5.encode(TRADITIONAL);
        assert!(!unmappable);
        let d = decode(&bytes, None);
        assert_eq!(
            (d.text.as_str(), d.encoding, d.had_errors),
            (TRADITIONAL, SourceEncoding::Big5, false)
        );
    }

    #[test]
    fn utf8_with_bom_and_forced_encodings() {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend_from_slice(SIMPLIFIED.as_bytes());
        assert_eq!(decode(&bytes, None).text, SIMPLIFIED);
        let (gbk, _, _) = GB18030.encode(SIMPLIFIED);
        let d = decode(&gbk, Some(SourceEncoding::Utf8));
        assert_eq!(d.encoding, SourceEncoding::Utf8);
        assert!(
            d.had_errors && d.text.contains('\u{fffd}'),
            "forcing the wrong encoding is reported"
        );
        assert_eq!(
            SourceEncoding::from_name("GBK"),
            Some(SourceEncoding::Gb18030)
        );
        assert_eq!(SourceEncoding::from_name("latin1"), None);
    }

    #[test]
    fn utf8_cut_inside_its_last_character_is_not_read_as_gb18030() {
        for cut in 1..=2 {
            let bytes = &SIMPLIFIED.as_bytes()[..SIMPLIFIED.len() - cut];
            let d = decode(bytes, None);
            assert_eq!(d.encoding, SourceEncoding::Utf8);
            assert!(d.was_cut && !d.had_errors);
            assert_eq!(d.text, SIMPLIFIED.strip_suffix('。').unwrap());
        }
    }
}
