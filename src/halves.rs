//! Independent work over a list, split in two halves that run at once on the two cores the
//! tool is meant for.

use std::ops::Range;

/// `run` over `0..n`: in two halves on two threads when `n` is at least `min`, else in one go.
/// The results come in order, one for each part. A half whose thread fails is run again on
/// this one, so nothing is ever left out.
pub fn in_halves<R: Send>(n: usize, min: usize, run: impl Fn(Range<usize>) -> R + Sync) -> Vec<R> {
    if n < min.max(2) {
        return vec![run(0..n)];
    }
    let mid = n / 2;
    std::thread::scope(|scope| {
        let second = scope.spawn(|| run(mid..n));
        let first = run(0..mid);
        let second = second.join().unwrap_or_else(|_| run(mid..n));
        vec![first, second]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_everything_in_order() {
        let all = |n, min| -> Vec<usize> {
            in_halves(n, min, |r| r.collect::<Vec<_>>())
                .into_iter()
                .flatten()
                .collect()
        };
        assert_eq!(all(5, 10), [0, 1, 2, 3, 4]);
        assert_eq!(all(5, 2), [0, 1, 2, 3, 4]);
        assert_eq!(all(0, 0), Vec::<usize>::new());
        assert_eq!(in_halves(6, 4, |r| r.len()), [3, 3]);
        assert_eq!(in_halves(3, 4, |r| r.len()), [3]);
    }
}
