//! Packages no manifest describes, declared as `name=path` pairs (`hotfix.packages`): a
//! directory of scripts, a Helm chart, a package of a tool this crate does not read. A
//! declared directory that a manifest already makes a package gives that package its name.

use super::{Ecosystem, Package, Project, resolve};

impl Project {
    /// Adds the packages of `pairs` (`name=path`, relative to the root); a pair that is not
    /// one is a problem, and the rest still count.
    pub fn declare(&mut self, pairs: &[String]) {
        for pair in pairs {
            let Some((name, dir)) = parse(pair) else {
                self.problems.push(format!(
                    "hotfix.packages: '{pair}' is not a name=path pair inside the repository"
                ));
                continue;
            };
            self.packages.retain(|package| package.dir != dir);
            self.packages.push(Package {
                name,
                manifest: String::new(),
                dir,
                ecosystem: Ecosystem::Configured,
                version: None,
                inherits_version: false,
                depends_on: Vec::new(),
            });
        }
        self.packages
            .sort_by(|a, b| (a.ecosystem, &a.dir).cmp(&(b.ecosystem, &b.dir)));
    }
}

/// `name=path` with both parts present and the path inside the repository, normalised.
fn parse(pair: &str) -> Option<(String, String)> {
    let (name, path) = pair.split_once('=')?;
    let (name, path) = (name.trim(), path.trim());
    if name.is_empty() || path.is_empty() || path.starts_with('/') {
        return None;
    }
    Some((name.to_string(), resolve("", path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_directory_replaces_what_the_manifests_said_there() {
        let mut project = Project::default();
        project.declare(&[
            "charts=deploy/charts/".to_string(),
            "escape=../outside".to_string(),
            "nameless".to_string(),
        ]);
        project.declare(&["helm=./deploy/charts".to_string()]);
        let found: Vec<(&str, &str)> = project
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.dir.as_str()))
            .collect();
        assert_eq!(found, [("helm", "deploy/charts")]);
        assert_eq!(project.problems.len(), 2, "{:?}", project.problems);
    }
}
