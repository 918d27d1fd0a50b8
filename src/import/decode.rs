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

/// Decodes `bytes`, in `forced` if given, else in the encoding detected.
///
/// Bytes that are not valid in the encoding become U+FFFD; the boolean says whether any did.
pub fn decode(bytes: &[u8], forced: Option<SourceEncoding>) -> (String, SourceEncoding, bool) {
    let enc = forced.unwrap_or_else(|| detect(bytes));
    let bytes = if enc == SourceEncoding::Utf8 {
        bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
    } else {
        bytes
    };
    let (text, had_errors) = enc.encoding().decode_without_bom_handling(bytes);
    (text.into_owned(), enc, had_errors)
}

/// Guesses the encoding: valid UTF-8 is UTF-8; otherwise chardetng chooses between the
/// Chinese encodings (anything else it suggests is read as GB18030, the superset of GBK).
pub fn detect(bytes: &[u8]) -> SourceEncoding {
    if std::str::from_utf8(bytes).is_ok() {
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
        let (text, enc, bad) = decode(&bytes, None);
        assert_eq!(
            (text.as_str(), enc, bad),
            (SIMPLIFIED, SourceEncoding::Gb18030, false)
        );
    }

    #[test]
    fn detects_and_decodes_big5_made_in_the_test() {
        let (bytes, _, unmappable) = BIG5.encode(TRADITIONAL);
        assert!(!unmappable);
        let (text, enc, bad) = decode(&bytes, None);
        assert_eq!(
            (text.as_str(), enc, bad),
            (TRADITIONAL, SourceEncoding::Big5, false)
        );
    }

    #[test]
    fn utf8_with_bom_and_forced_encodings() {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend_from_slice(SIMPLIFIED.as_bytes());
        assert_eq!(decode(&bytes, None).0, SIMPLIFIED);
        let (gbk, _, _) = GB18030.encode(SIMPLIFIED);
        let (text, enc, bad) = decode(&gbk, Some(SourceEncoding::Utf8));
        assert_eq!(enc, SourceEncoding::Utf8);
        assert!(
            bad && text.contains('\u{fffd}'),
            "forcing the wrong encoding is reported"
        );
        assert_eq!(
            SourceEncoding::from_name("GBK"),
            Some(SourceEncoding::Gb18030)
        );
        assert_eq!(SourceEncoding::from_name("latin1"), None);
    }
}
