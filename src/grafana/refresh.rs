//! The dashboard's auto-refresh, as Grafana's refresh picker: Sonde's "Live" (a panel
//! queries again at every scrape and as its window slides by a step), every 5 s to 1 min
//! of real time (as Grafana counts them, whatever the simulation's speed), or off (the
//! panels keep their data until the refresh button). A panel recomputes when its
//! [`RefreshKey`] moves.

use crate::lang::Lang;

/// How often the panels query again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Refresh {
    /// At every scrape and every step the window slides (Sonde's default).
    #[default]
    Live,
    /// Every so many real seconds.
    EverySeconds(u32),
    /// Only when the refresh button is clicked.
    Off,
}

impl Refresh {
    /// The picker's choices, in order.
    pub const ALL: [Refresh; 6] = [
        Refresh::Live,
        Refresh::EverySeconds(5),
        Refresh::EverySeconds(10),
        Refresh::EverySeconds(30),
        Refresh::EverySeconds(60),
        Refresh::Off,
    ];

    /// The choice's name as Grafana writes it in its URLs (`5s`, `1m`), `live`, `off`.
    pub fn id(self) -> String {
        match self {
            Refresh::Live => "live".to_string(),
            Refresh::Off => "off".to_string(),
            Refresh::EverySeconds(s) if s >= 60 && s % 60 == 0 => format!("{}m", s / 60),
            Refresh::EverySeconds(s) => format!("{s}s"),
        }
    }

    /// The choice named `id`, among [`Refresh::ALL`].
    pub fn from_id(id: &str) -> Option<Refresh> {
        Refresh::ALL.into_iter().find(|r| r.id() == id)
    }

    /// The choice's words in `lang`.
    pub fn label(self, lang: Lang) -> String {
        match self {
            Refresh::Live => lang
                .pick("Direct (à chaque scrape)", "Live (every scrape)")
                .to_string(),
            Refresh::Off => lang.pick("Désactivé", "Off").to_string(),
            Refresh::EverySeconds(_) => self.id(),
        }
    }
}

/// What a panel's data depends on in time: when it changes, the panel queries again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefreshKey {
    /// The automatic part (scrapes and steps, real periods, or nothing).
    tick: (i64, i64),
    /// Clicks of the refresh button.
    manual: u64,
}

/// The clocks a refresh key is read from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RefreshClocks {
    /// Scrapes done so far.
    pub scrapes: u64,
    /// The simulated now, ms.
    pub sim_now_ms: i64,
    /// The panel's step, ms.
    pub step_ms: i64,
    /// Real time, ms (any origin).
    pub real_ms: f64,
    /// Clicks of the refresh button so far.
    pub manual: u64,
}

/// The key of a panel refreshed as `refresh` says, at `clocks`.
pub fn refresh_key(refresh: Refresh, clocks: &RefreshClocks) -> RefreshKey {
    let tick = match refresh {
        Refresh::Live => (
            i64::try_from(clocks.scrapes).unwrap_or(i64::MAX),
            clocks.sim_now_ms.div_euclid(clocks.step_ms.max(1)),
        ),
        Refresh::EverySeconds(s) => {
            let period = f64::from(s.max(1)) * 1000.0;
            ((clocks.real_ms / period).floor() as i64, 0)
        }
        Refresh::Off => (0, 0),
    };
    RefreshKey {
        tick,
        manual: clocks.manual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clocks() -> RefreshClocks {
        RefreshClocks {
            scrapes: 10,
            sim_now_ms: 1_000_000,
            step_ms: 15_000,
            real_ms: 12_000.0,
            manual: 0,
        }
    }

    /// Whether the key of `refresh` moves from `clocks()` to `later`.
    fn moves(refresh: Refresh, later: RefreshClocks) -> bool {
        refresh_key(refresh, &clocks()) != refresh_key(refresh, &later)
    }

    #[test]
    fn live_moves_with_scrapes_and_steps_only() {
        let c = clocks();
        let scraped = RefreshClocks { scrapes: 11, ..c };
        let slid = RefreshClocks {
            sim_now_ms: c.sim_now_ms + c.step_ms,
            ..c
        };
        let within = RefreshClocks {
            sim_now_ms: c.sim_now_ms + 1,
            real_ms: c.real_ms + 60_000.0,
            ..c
        };
        assert!(moves(Refresh::Live, scraped));
        assert!(moves(Refresh::Live, slid));
        assert!(!moves(Refresh::Live, within));
    }

    #[test]
    fn periods_count_real_seconds_whatever_the_simulation_does() {
        let c = clocks();
        let busy = RefreshClocks {
            scrapes: 99,
            sim_now_ms: c.sim_now_ms + 3_600_000,
            real_ms: 14_999.0,
            ..c
        };
        let five_s = RefreshClocks {
            real_ms: 15_000.0,
            ..c
        };
        let every5 = Refresh::EverySeconds(5);
        assert!(!moves(every5, busy), "12 s and 14.999 s: the same period");
        assert!(moves(every5, five_s));
        assert!(!moves(Refresh::EverySeconds(60), five_s));
    }

    #[test]
    fn off_moves_only_with_the_button() {
        let c = clocks();
        let later = RefreshClocks {
            scrapes: 99,
            sim_now_ms: c.sim_now_ms * 2,
            real_ms: c.real_ms * 100.0,
            ..c
        };
        assert!(!moves(Refresh::Off, later));
        let clicked = RefreshClocks { manual: 1, ..later };
        for r in Refresh::ALL {
            assert!(moves(r, clicked), "{r:?}");
        }
    }

    #[test]
    fn choices_have_grafana_s_names() {
        let ids: Vec<String> = Refresh::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids, ["live", "5s", "10s", "30s", "1m", "off"]);
        for r in Refresh::ALL {
            assert_eq!(Refresh::from_id(&r.id()), Some(r));
        }
        assert_eq!(Refresh::from_id("2s"), None);
        assert_eq!(Refresh::default(), Refresh::Live);
        assert_eq!(Refresh::EverySeconds(30).label(Lang::Fr), "30s");
        assert_ne!(Refresh::Off.label(Lang::Fr), Refresh::Off.label(Lang::En));
    }
}
