//! Heavy work takes turns. A check, a save and a download build every material (on
//! every core), an upload is decoded: up to about 150 MB for a moment with the largest
//! logo. One runs at a time and the others wait a little for its place, then are told
//! to try again (503), so that the server's memory stays bounded however many requests
//! arrive together. Each handler takes its turn after its cheap checks (a refused
//! request, or a picture refused from its header, never waits).

use super::http::Response;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Heavy work at once: each builds on every core already, so one more would share the
/// cores and double the memory without answering sooner.
pub const PLACES: usize = 1;
/// How long a heavy request waits for a place before it is told the server is busy.
pub const WAIT: Duration = Duration::from_secs(10);
/// What it is then told.
pub const BUSY: &str = "the editor is busy with other requests; try again in a moment";

/// Places for heavy requests.
#[derive(Debug)]
pub struct Gate {
    taken: Mutex<usize>,
    freed: Condvar,
    places: usize,
    wait: Duration,
}

/// A place, given back when dropped.
pub struct Turn<'a>(&'a Gate);

impl Gate {
    pub fn new(places: usize, wait: Duration) -> Gate {
        Gate { taken: Mutex::new(0), freed: Condvar::new(), places, wait }
    }

    /// Take a place, waiting for one at most the gate's wait; else 503 and [`BUSY`].
    pub fn enter(&self) -> Result<Turn<'_>, Response> {
        let until = Instant::now() + self.wait;
        let mut taken = self.taken.lock().unwrap_or_else(|e| e.into_inner());
        while *taken >= self.places {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Response::error(503, BUSY).with_header("Retry-After", "2"));
            }
            taken = self.freed.wait_timeout(taken, left).unwrap_or_else(|e| e.into_inner()).0;
        }
        *taken += 1;
        Ok(Turn(self))
    }

    /// Do `work` in turn (see [`Gate::enter`]), on a thread of its own that ends with
    /// it: what the work allocated goes back to the system then. (Left with a pool
    /// thread, each thread's allocator keeps the most its heaviest request took, and a
    /// burst of requests, each landing on another thread, adds up.)
    pub fn run<T: Send>(&self, work: impl FnOnce() -> Result<T, Response> + Send) -> Result<T, Response> {
        let _turn = self.enter()?;
        std::thread::scope(|s| s.spawn(work).join())
            .unwrap_or_else(|_| Err(Response::error(500, "awareprint failed answering this request; see the terminal")))
    }
}

impl Default for Gate {
    fn default() -> Gate {
        Gate::new(PLACES, WAIT)
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut taken = self.0.taken.lock().unwrap_or_else(|e| e.into_inner());
        *taken -= 1;
        self.0.freed.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_waited_for_then_refused() {
        let gate = Gate::new(2, Duration::from_millis(30));
        let (a, b) = (gate.enter().unwrap(), gate.enter().unwrap());
        let started = Instant::now();
        let r = gate.enter().err().unwrap();
        assert!(started.elapsed() >= Duration::from_millis(30));
        assert_eq!((r.status, r.json_body()["error"].as_str().unwrap()), (503, BUSY));
        assert_eq!(gate.run(|| Ok(1)).err().map(|r| r.status), Some(503));
        drop(a);
        assert_eq!(gate.run(|| Ok(1)).ok(), Some(1));
        let c = gate.enter().unwrap();
        drop((b, c));
        // One freed while another waits: the waiter gets it.
        let gate = Gate::new(1, Duration::from_secs(5));
        let held = gate.enter().unwrap();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| gate.enter().is_ok());
            std::thread::sleep(Duration::from_millis(50));
            drop(held);
            assert!(waiter.join().unwrap());
        });
    }
}
