//! The simulated clock: a time in milliseconds since the epoch that moves when told how
//! much real time passed, at a chosen speed, and can be paused or stepped by hand. It never
//! reads a wall clock.

use std::fmt;

use crate::lang::Lang;

/// Slowest speed allowed (a tenth of real time).
pub const MIN_SPEED: f64 = 0.1;
/// Fastest speed allowed (a simulated day per real second).
pub const MAX_SPEED: f64 = 86_400.0;
/// Longest real interval one [`SimClock::advance`] accounts for, in ms: a browser tab that
/// comes back after minutes in the background resumes instead of replaying them.
pub const MAX_REAL_STEP_MS: f64 = 1000.0;

/// Why a speed was refused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SpeedError {
    /// The speed is not a number.
    NotANumber,
    /// The speed is outside [`MIN_SPEED`]..=[`MAX_SPEED`].
    OutOfRange(f64),
}

impl SpeedError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SpeedError::NotANumber, Lang::En) => "speed is not a number".to_string(),
            (SpeedError::NotANumber, Lang::Fr) => "la vitesse n'est pas un nombre".to_string(),
            (SpeedError::OutOfRange(v), Lang::En) => {
                format!("speed {v} is outside {MIN_SPEED}x to {MAX_SPEED}x")
            }
            (SpeedError::OutOfRange(v), Lang::Fr) => {
                format!("la vitesse {v} n'est pas entre {MIN_SPEED}x et {MAX_SPEED}x")
            }
        }
    }
}

impl fmt::Display for SpeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for SpeedError {}

/// The simulated clock.
#[derive(Clone, Debug, PartialEq)]
pub struct SimClock {
    now_ms: i64,
    speed: f64,
    paused: bool,
    /// Fraction of a simulated millisecond not yet added to `now_ms`.
    carry_ms: f64,
}

impl SimClock {
    /// A running clock at `start_ms`, at real speed.
    pub fn new(start_ms: i64) -> Self {
        SimClock {
            now_ms: start_ms,
            speed: 1.0,
            paused: false,
            carry_ms: 0.0,
        }
    }

    /// The simulated time now, in ms since the epoch.
    pub fn now_ms(&self) -> i64 {
        self.now_ms
    }

    /// Simulated ms per real ms.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Sets the speed (1 = real time, 3600 = an hour per second).
    pub fn set_speed(&mut self, speed: f64) -> Result<(), SpeedError> {
        if speed.is_nan() {
            return Err(SpeedError::NotANumber);
        }
        if !(MIN_SPEED..=MAX_SPEED).contains(&speed) {
            return Err(SpeedError::OutOfRange(speed));
        }
        self.speed = speed;
        Ok(())
    }

    /// Whether the clock is paused.
    pub fn is_paused(&self) -> bool {
        self.paused
    }

    /// Pauses: [`SimClock::advance`] no longer moves time.
    pub fn pause(&mut self) {
        self.paused = true;
    }

    /// Resumes after a pause.
    pub fn resume(&mut self) {
        self.paused = false;
    }

    /// Moves simulated time forward by `ms` (a "step" button; works while paused).
    /// Negative steps are ignored: time never goes back. Returns the new time.
    pub fn step(&mut self, ms: i64) -> i64 {
        self.now_ms = self.now_ms.saturating_add(ms.max(0));
        self.now_ms
    }

    /// Tells the clock that `real_elapsed_ms` of real time passed (from the UI's frame
    /// timer); returns how many simulated ms passed. Nothing passes while paused, and
    /// negative, non-finite or over-long intervals count as 0 or [`MAX_REAL_STEP_MS`].
    pub fn advance(&mut self, real_elapsed_ms: f64) -> i64 {
        if self.paused || !real_elapsed_ms.is_finite() || real_elapsed_ms <= 0.0 {
            return 0;
        }
        let simulated = real_elapsed_ms.min(MAX_REAL_STEP_MS) * self.speed + self.carry_ms;
        let whole = simulated.floor();
        self.carry_ms = simulated - whole;
        let before = self.now_ms;
        self.now_ms = self.now_ms.saturating_add(whole as i64);
        self.now_ms - before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advances_at_speed_and_keeps_fractions() {
        let mut c = SimClock::new(1_000);
        assert_eq!(c.advance(16.6), 16);
        assert_eq!(c.advance(16.6), 17);
        assert_eq!(c.now_ms(), 1_033);
        assert_eq!(c.set_speed(3600.0), Ok(()));
        assert_eq!(c.advance(1000.0), 3_600_000);
        assert_eq!(c.speed(), 3600.0);
    }

    #[test]
    fn pause_step_and_resume() {
        let mut c = SimClock::new(0);
        c.pause();
        assert!(c.is_paused());
        assert_eq!(c.advance(500.0), 0);
        assert_eq!(c.step(15_000), 15_000);
        assert_eq!(c.step(-5), 15_000);
        c.resume();
        assert_eq!(c.advance(10.0), 10);
    }

    #[test]
    fn refuses_bad_speeds_and_bad_intervals() {
        let mut c = SimClock::new(0);
        assert_eq!(c.set_speed(f64::NAN), Err(SpeedError::NotANumber));
        assert_eq!(c.set_speed(-1.0), Err(SpeedError::OutOfRange(-1.0)));
        assert_eq!(
            c.set_speed(f64::INFINITY),
            Err(SpeedError::OutOfRange(f64::INFINITY))
        );
        assert_eq!(c.speed(), 1.0);
        assert!(SpeedError::NotANumber.message(Lang::Fr).contains("vitesse"));
        assert_eq!(c.advance(f64::NAN), 0);
        assert_eq!(c.advance(-3.0), 0);
        assert_eq!(c.advance(f64::INFINITY), 0);
        assert_eq!(c.advance(60_000.0), 1000);
    }

    #[test]
    fn saturates_at_the_end_of_time() {
        let mut c = SimClock::new(i64::MAX - 10);
        c.set_speed(MAX_SPEED).ok();
        assert_eq!(c.advance(1000.0), 10);
        assert_eq!(c.step(i64::MAX), i64::MAX);
    }
}
