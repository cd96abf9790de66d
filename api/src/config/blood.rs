//! The blood bank's settings.

use clap::Args;
use medtrack_shared::blood::donors::Intervals;
use medtrack_shared::blood::Component;

/// Shelf lives, "expiring soon" windows, holds and donors' intervals.
#[derive(Debug, Clone, Args)]
pub struct BloodSettings {
    /// Shelf life per component in days, from collection (21 CFR 610.53:
    /// whole blood in CPDA-1 35, red cells in additive solution 42,
    /// platelets 5, fresh frozen plasma a year).
    #[arg(long, env = "MEDTRACK_BLOOD_SHELF_DAYS", value_parser = per_component,
          default_value = "whole_blood=35,red_cells=42,platelets=5,plasma=365")]
    pub blood_shelf_days: PerComponent,

    /// How long before expiry a unit counts as expiring soon, in hours per
    /// component (platelets a day, red cells and whole blood a week, plasma
    /// a month).
    #[arg(long, env = "MEDTRACK_BLOOD_SOON_HOURS", value_parser = per_component,
          default_value = "whole_blood=168,red_cells=168,platelets=24,plasma=720")]
    pub blood_soon_hours: PerComponent,

    /// Hours units stay reserved for a request before they go back to stock.
    #[arg(long, env = "MEDTRACK_BLOOD_HOLD_HOURS", default_value_t = 72,
          value_parser = clap::value_parser!(u16).range(1..=720))]
    pub blood_hold_hours: u16,

    /// Days between donations after each kind, and platelet donations a year.
    #[arg(long, env = "MEDTRACK_DONOR_INTERVALS", value_parser = intervals,
          default_value = "whole_blood=56,double_red_cells=112,platelets=7,plasma=28,platelets_per_year=24")]
    pub donor_intervals: Intervals,
}

/// A number per component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerComponent(pub Vec<(Component, u32)>);

fn pairs<'a>(text: &'a str, names: &[&str]) -> Result<Vec<(&'a str, u32)>, String> {
    let mut found: Vec<(&str, u32)> = Vec::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, number) = pair
            .split_once('=')
            .ok_or_else(|| format!("`{pair}` is not name=number"))?;
        let name = name.trim();
        if !names.contains(&name) {
            return Err(format!("`{name}` is not one of {}", names.join(", ")));
        }
        let number = number
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| format!("`{number}` is not a whole number from 1 to 10000"))?;
        if found.iter().any(|(n, _)| *n == name) {
            return Err(format!("`{name}` is given twice"));
        }
        found.push((name, number));
    }
    match names
        .iter()
        .find(|name| !found.iter().any(|(n, _)| n == *name))
    {
        Some(missing) => Err(format!("`{missing}` is missing")),
        None => Ok(found),
    }
}

fn per_component(text: &str) -> Result<PerComponent, String> {
    let names = Component::ALL.map(Component::as_str);
    let found = pairs(text, &names)?;
    Ok(PerComponent(
        found
            .into_iter()
            .filter_map(|(name, n)| name.parse().ok().map(|c| (c, n)))
            .collect(),
    ))
}

fn intervals(text: &str) -> Result<Intervals, String> {
    let names = [
        "whole_blood",
        "double_red_cells",
        "platelets",
        "plasma",
        "platelets_per_year",
    ];
    let found = pairs(text, &names)?;
    let get = |name: &str| {
        found
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| u16::try_from(*v).ok())
            .ok_or_else(|| format!("`{name}` must be at most 65535"))
    };
    Ok(Intervals {
        whole_blood: get("whole_blood")?,
        double_red_cells: get("double_red_cells")?,
        platelets: get("platelets")?,
        plasma: get("plasma")?,
        platelets_per_year: get("platelets_per_year")?,
    })
}

impl Default for BloodSettings {
    fn default() -> Self {
        let parse = |text| per_component(text).unwrap_or(PerComponent(Vec::new()));
        Self {
            blood_shelf_days: parse("whole_blood=35,red_cells=42,platelets=5,plasma=365"),
            blood_soon_hours: parse("whole_blood=168,red_cells=168,platelets=24,plasma=720"),
            blood_hold_hours: 72,
            donor_intervals: Intervals::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_component_once_with_a_number() {
        let days = per_component("whole_blood=35,red_cells=42,platelets=5,plasma=365").unwrap();
        assert!(days.0.contains(&(Component::Platelets, 5)));
        for wrong in [
            "red_cells=42",
            "whole_blood=35,red_cells=42,platelets=5,plasma=0",
            "whole_blood=35,red_cells=42,platelets=5,plasma=365,plasma=1",
            "whole_blood=35,red_cells=42,platelets=5,serum=3",
        ] {
            assert!(per_component(wrong).is_err(), "{wrong}");
        }
        assert_eq!(
            intervals(
                "whole_blood=56,double_red_cells=112,platelets=7,plasma=28,platelets_per_year=24"
            ),
            Ok(Intervals::default())
        );
        assert_eq!(BloodSettings::default().blood_shelf_days.0.len(), 4);
    }
}
