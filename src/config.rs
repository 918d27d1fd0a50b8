//! Settings: the built-in defaults (also shipped as `config/default.toml`) merged with the
//! user's file key by key. An unknown key or a wrong type is an error naming file, line and key.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The shipped defaults, documented by comments; `brief config --print-default` prints them.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Every setting.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The library folder; empty means "find it" (see `config/default.toml`).
    pub library: String,
}

/// A config file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {reason}", path.display())]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl Config {
    /// Reads the user's settings from `text` (the contents of `path`) over the defaults.
    pub fn from_toml(text: &str, path: &Path) -> Result<Config, ConfigError> {
        toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| {
                    text.as_bytes()[..s.start.min(text.len())]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count()
                        + 1
                })
                .unwrap_or(1);
            ConfigError {
                path: path.to_path_buf(),
                line,
                reason: e.message().trim().to_string(),
            }
        })
    }

    /// Loads `explicit` if given (it must exist), else the user's file if there is one, else
    /// the defaults. Returns the settings and the file they came from.
    pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match user_config_path() {
                Some(p) if p.exists() => p,
                _ => return Ok((Config::default(), None)),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
            path: path.clone(),
            line: 1,
            reason: format!("cannot read: {e}"),
        })?;
        Ok((Config::from_toml(&text, &path)?, Some(path)))
    }
}

fn env_dir(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn home() -> Option<PathBuf> {
    env_dir("HOME")
}

/// `$XDG_CONFIG_HOME/brief/config.toml`, or `~/.config/brief/config.toml`.
pub fn user_config_path() -> Option<PathBuf> {
    env_dir("XDG_CONFIG_HOME")
        .or_else(|| home().map(|h| h.join(".config")))
        .map(|d| d.join("brief").join("config.toml"))
}

/// `$XDG_DATA_HOME/brief`, or `~/.local/share/brief`.
pub fn data_dir() -> Option<PathBuf> {
    env_dir("XDG_DATA_HOME")
        .or_else(|| home().map(|h| h.join(".local").join("share")))
        .map(|d| d.join("brief"))
}

/// Where the library is: the flag, else `BRIEF_LIBRARY`, else the config's `library`, else
/// `./briefings` when it exists, else the platform data folder.
pub fn library_path(
    flag: Option<&Path>,
    env: Option<&str>,
    config: &Config,
    config_file: Option<&Path>,
) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(e) = env.filter(|e| !e.is_empty()) {
        return PathBuf::from(e);
    }
    if !config.library.is_empty() {
        let lib = &config.library;
        if let (Some(rest), Some(h)) = (lib.strip_prefix("~/"), home()) {
            return h.join(rest);
        }
        let p = PathBuf::from(lib);
        if let (true, Some(dir)) = (p.is_relative(), config_file.and_then(Path::parent)) {
            return dir.join(p);
        }
        return p;
    }
    let local = PathBuf::from("briefings");
    if local.is_dir() {
        return local;
    }
    data_dir().map(|d| d.join("briefings")).unwrap_or(local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_defaults_equal_built_in_defaults() {
        assert_eq!(
            Config::from_toml(DEFAULT_TOML, Path::new("default.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn user_file_overrides_and_errors_name_line_and_key() {
        let c = Config::from_toml("library = \"~/notes\"\n", Path::new("u.toml")).unwrap();
        assert_eq!(c.library, "~/notes");
        let e = Config::from_toml("# comment\nlibary = \"x\"\n", Path::new("u.toml")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.to_string()
                .starts_with("u.toml:2: unknown field `libary`"),
            "{e}"
        );
        let e = Config::from_toml("\n\nlibrary = 3\n", Path::new("u.toml")).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.reason.contains("invalid type"), "{e}");
        let e = Config::from_toml("library = \n", Path::new("u.toml")).unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn library_path_follows_the_order_of_precedence() {
        let c = Config {
            library: "lib".into(),
        };
        let f = Path::new("/etc/brief/config.toml");
        assert_eq!(
            library_path(Some(Path::new("/a")), Some("/b"), &c, Some(f)),
            PathBuf::from("/a")
        );
        assert_eq!(
            library_path(None, Some("/b"), &c, Some(f)),
            PathBuf::from("/b")
        );
        assert_eq!(
            library_path(None, None, &c, Some(f)),
            PathBuf::from("/etc/brief/lib")
        );
    }
}
