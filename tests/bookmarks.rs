//! The state file under stress: a writer killed at random moments never leaves a broken or
//! shortened file, and two writers at once keep each other's bookmarks.

use brief::bookmarks::{State, StateFile};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Run as a child process (see `spawn_writer`): adds bookmarks `PREFIX-0`, `PREFIX-1`, ...
/// to the state file and prints each id once its add has returned.
#[test]
fn writer_process() {
    let Ok(path) = std::env::var("BRIEF_TEST_WRITER_STATE") else {
        return;
    };
    let prefix = std::env::var("BRIEF_TEST_WRITER_PREFIX").unwrap_or_default();
    let count: usize = std::env::var("BRIEF_TEST_WRITER_COUNT")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(usize::MAX);
    let file = StateFile::new(path.into());
    for i in 0..count {
        let id = format!("{prefix}-{i}");
        file.mark(&id, None, Some("note")).unwrap();
        println!("added {id}");
    }
}

fn spawn_writer(state: &Path, prefix: &str, count: Option<usize>) -> Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "writer_process",
        "--nocapture",
        "--test-threads",
        "1",
    ])
    .env("BRIEF_TEST_WRITER_STATE", state)
    .env("BRIEF_TEST_WRITER_PREFIX", prefix)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(c) = count {
        cmd.env("BRIEF_TEST_WRITER_COUNT", c.to_string());
    }
    cmd.spawn().unwrap()
}

/// The id on a line the writer printed (the test harness may have put its own words first).
fn added_id(line: &str) -> Option<String> {
    line.rsplit_once("added ")
        .map(|(_, id)| id.trim().to_string())
}

fn added(child: &mut Child) -> Vec<String> {
    let out = child.stdout.take().unwrap();
    BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| added_id(&l))
        .collect()
}

fn briefings(state: &State) -> Vec<String> {
    state.bookmarks.iter().map(|b| b.briefing.clone()).collect()
}

#[test]
fn a_writer_killed_at_random_moments_loses_nothing_it_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    // A fixed-seed generator for the moments, so a failure can be run again.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut total_reported = 0;
    for round in 0..200 {
        let mut child = spawn_writer(&path, &format!("r{round}"), None);
        // Read what the writer reports as it goes; kill it at a random moment after its
        // first add, in the middle of whatever it is doing then.
        let out = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(id) = added_id(&line) {
                    let _ = tx.send(id);
                }
            }
        });
        let first = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the writer starts adding");
        std::thread::sleep(Duration::from_micros(next() % 20_000));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        let mut reported = vec![first];
        reported.extend(rx.try_iter());
        total_reported += reported.len();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let state = if text.is_empty() {
            State::default()
        } else {
            State::parse(&text).unwrap_or_else(|e| panic!("round {round}: the file broke: {e}"))
        };
        let have = briefings(&state);
        for id in &reported {
            assert!(
                have.contains(id),
                "round {round}: {id} was reported added but is gone"
            );
        }
        // No stray temporary or corrupt files are left to grow.
        let strays: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("corrupt"))
            .collect();
        assert!(strays.is_empty(), "round {round}: {strays:?}");
    }
    assert!(
        total_reported >= 200,
        "every writer added ({total_reported} adds)"
    );
}

#[test]
fn two_writers_at_once_keep_all_their_bookmarks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.toml");
    let start = Instant::now();
    let mut a = spawn_writer(&path, "a", Some(100));
    let mut b = spawn_writer(&path, "b", Some(100));
    let (ra, rb) = (added(&mut a), added(&mut b));
    assert!(a.wait().unwrap().success() && b.wait().unwrap().success());
    assert_eq!((ra.len(), rb.len()), (100, 100));
    let state = State::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let have = briefings(&state);
    assert_eq!(have.len(), 200, "after {:?}", start.elapsed());
    for id in ra.iter().chain(&rb) {
        assert!(have.contains(id), "{id} is missing");
    }
}
