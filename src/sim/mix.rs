//! The traffic mix: how automatic traffic spreads over the app's endpoints, as a weight per
//! endpoint the learner can see and change. Only the endpoints the running version routes
//! get traffic (the course's app has `/` only), in proportion to their weights.

use std::fmt;

use crate::lang::Lang;

/// The endpoints automatic traffic can visit, in the order the mix lists them.
pub const MIX_ENDPOINTS: [&str; 4] = ["/", "/about", "/api/users", "/api/orders"];
/// The weights of a first visit: mostly the home page, a fair share of API calls.
const DEFAULT_WEIGHTS: [u32; 4] = [50, 10, 25, 15];
/// The largest weight accepted.
pub const MAX_WEIGHT: u32 = 100;

/// Why a weight was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MixError {
    /// No endpoint of the mix has this path.
    UnknownEndpoint(String),
    /// The weight is above [`MAX_WEIGHT`].
    TooHigh(u32),
}

impl MixError {
    /// The error in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (MixError::UnknownEndpoint(p), Lang::En) => {
                format!("{p} is not one of the app's endpoints")
            }
            (MixError::UnknownEndpoint(p), Lang::Fr) => {
                format!("{p} n'est pas un point d'accès de l'application")
            }
            (MixError::TooHigh(w), Lang::En) => {
                format!("weight {w} is above the maximum of {MAX_WEIGHT}")
            }
            (MixError::TooHigh(w), Lang::Fr) => {
                format!("le poids {w} dépasse le maximum de {MAX_WEIGHT}")
            }
        }
    }
}

impl fmt::Display for MixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for MixError {}

/// A weight per endpoint of [`MIX_ENDPOINTS`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrafficMix {
    weights: [u32; MIX_ENDPOINTS.len()],
}

impl Default for TrafficMix {
    fn default() -> Self {
        TrafficMix {
            weights: DEFAULT_WEIGHTS,
        }
    }
}

impl TrafficMix {
    /// Each endpoint with its weight, in the order of [`MIX_ENDPOINTS`].
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, u32)> + '_ {
        MIX_ENDPOINTS.iter().copied().zip(self.weights)
    }

    /// The weight of `path` (0 for a path outside the mix).
    pub fn weight(&self, path: &str) -> u32 {
        self.entries()
            .find(|(p, _)| *p == path)
            .map_or(0, |(_, w)| w)
    }

    /// Sets the weight of `path`; on error the mix is unchanged.
    pub fn set_weight(&mut self, path: &str, weight: u32) -> Result<(), MixError> {
        let i = MIX_ENDPOINTS
            .iter()
            .position(|p| *p == path)
            .ok_or_else(|| MixError::UnknownEndpoint(path.to_string()))?;
        if weight > MAX_WEIGHT {
            return Err(MixError::TooHigh(weight));
        }
        self.weights[i] = weight;
        Ok(())
    }

    /// The share of traffic each of `routes` gets (the routes of the running version, in
    /// their order): proportional to the weights, evenly spread when they are all 0.
    pub fn shares<'a>(&self, routes: &[&'a str]) -> Vec<(&'a str, f64)> {
        let weights: Vec<f64> = routes.iter().map(|r| f64::from(self.weight(r))).collect();
        let total: f64 = weights.iter().sum();
        routes
            .iter()
            .zip(weights)
            .map(|(r, w)| {
                let share = if total > 0.0 {
                    w / total
                } else {
                    1.0 / routes.len() as f64
                };
                (*r, share)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_follow_the_weights_of_the_routed_endpoints() {
        let mut mix = TrafficMix::default();
        assert_eq!(mix.shares(&["/"]), [("/", 1.0)]);
        let all = mix.shares(&MIX_ENDPOINTS);
        assert!((all.iter().map(|(_, s)| s).sum::<f64>() - 1.0).abs() < 1e-12);
        assert_eq!(all[2], ("/api/users", 0.25));
        mix.set_weight("/", 0).ok();
        mix.set_weight("/about", 30).ok();
        assert_eq!(mix.shares(&["/", "/about"]), [("/", 0.0), ("/about", 1.0)]);
        mix.set_weight("/about", 0).ok();
        assert_eq!(mix.shares(&["/", "/about"]), [("/", 0.5), ("/about", 0.5)]);
    }

    #[test]
    fn refuses_unknown_endpoints_and_huge_weights() {
        let mut mix = TrafficMix::default();
        assert_eq!(
            mix.set_weight("/nope", 3),
            Err(MixError::UnknownEndpoint("/nope".into()))
        );
        assert_eq!(mix.set_weight("/", 101), Err(MixError::TooHigh(101)));
        assert_eq!(mix, TrafficMix::default());
        assert_eq!(mix.weight("/nope"), 0);
        assert!(MixError::TooHigh(101).message(Lang::Fr).contains("poids"));
    }
}
