//! The shipped materials, and what the tests build from them. The builds every test
//! only reads are made once per process, by the first test that asks, and shared.

use awareprint::build::{self, Built, Export, Laid};
use awareprint::model::Profile;
use awareprint::project::Project;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub fn materials_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("materials")
}

/// Build every material of the shipped materials folder in this process (a new build
/// each call; [`shipped`] is the one the tests share).
pub fn build_shipped() -> Vec<Built> {
    let project = Project::open(&materials_dir()).expect("shipped materials load");
    let outcome = build::build_all(&project, &project.materials, None, build::DEFAULT_EPOCH);
    assert!(outcome.problems.is_empty(), "shipped materials build without problems: {:?}", outcome.problems);
    outcome.done
}

/// Every material of the shipped materials folder, statewide, in every language: built
/// once per process.
pub fn shipped() -> &'static [Built] {
    static SHIPPED: LazyLock<Vec<Built>> = LazyLock::new(build_shipped);
    &SHIPPED
}

/// The statewide edition and Boulder's (a logo, a local contact, a web page): the two
/// editions the tests look at closely.
pub fn statewide_and_boulder(project: &Project) -> Vec<awareprint::content::Edition> {
    let (id, path) = project.counties.iter().find(|(id, _)| id == "boulder").expect("the shipped Boulder county file");
    vec![project.statewide(), project.edition(id, path).expect("Boulder's edition loads")]
}

/// Every material in every language, for the statewide edition and Boulder's, printed
/// under `profile`.
pub fn statewide_and_boulder_plan(project: &Project, profile: Profile) -> build::Plan {
    build::Plan::all_of(project, statewide_and_boulder(project), profile)
}

/// Every material in every language, statewide and Boulder's, built under `profile`
/// from the shipped materials: once per process and profile.
pub fn statewide_and_boulder_built(profile: Profile) -> &'static [Built] {
    fn build(profile: Profile) -> Vec<Built> {
        let project = Project::open(&materials_dir()).unwrap();
        let out = build::build_plan(&statewide_and_boulder_plan(&project, profile), 2, build::DEFAULT_EPOCH);
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        out.done
    }
    static OFFICE: LazyLock<Vec<Built>> = LazyLock::new(|| build(Profile::Office));
    static PRESS: LazyLock<Vec<Built>> = LazyLock::new(|| build(Profile::Press));
    match profile {
        Profile::Office => &OFFICE,
        Profile::Press => &PRESS,
    }
}

/// Every material in every language, statewide and Boulder's, laid out under `profile`
/// from the shipped materials, each with its PDF: once per process and profile.
pub fn statewide_and_boulder_laid(profile: Profile) -> &'static [(Laid, Vec<u8>)] {
    fn lay_out(profile: Profile) -> Vec<(Laid, Vec<u8>)> {
        struct Keep;
        impl Export for Keep {
            type Out = (Laid, Vec<u8>);
            fn export(&self, _: usize, laid: Laid, writer: &awareprint::pdf::Writer) -> Result<Self::Out, awareprint::diag::Problems> {
                let pdf = laid.pdf(writer, build::DEFAULT_EPOCH);
                Ok((laid, pdf))
            }
        }
        let project = Project::open(&materials_dir()).unwrap();
        let plan = statewide_and_boulder_plan(&project, profile);
        let built = build::stream(&plan, 2, &Keep, &|_, _| {});
        assert!(built.problems.is_empty(), "{:?}", built.problems);
        assert!(built.done.len() >= 20, "{} documents", built.done.len());
        built.done
    }
    static OFFICE: LazyLock<Vec<(Laid, Vec<u8>)>> = LazyLock::new(|| lay_out(Profile::Office));
    static PRESS: LazyLock<Vec<(Laid, Vec<u8>)>> = LazyLock::new(|| lay_out(Profile::Press));
    match profile {
        Profile::Office => &OFFICE,
        Profile::Press => &PRESS,
    }
}
