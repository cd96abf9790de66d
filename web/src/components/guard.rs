//! Who may open which pages. The route tree puts every signed-in page below
//! one sign-in check and a [`Guard`] per group, so a page cannot forget
//! either: a signed-out visitor goes to sign-in, and someone of another role
//! (or a doctor still waiting for approval) gets a page that says so instead
//! of an error from the server.

use leptos::prelude::*;
use leptos_router::components::Outlet;
use medtrack_shared::{AccountStatus, Me, Role};

use crate::state::session::use_session;

/// Who may open a group of pages: the server's policies for what they call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone signed in, also doctors waiting for approval: their
    /// dashboard, account, notification settings and inbox.
    AnyAccount,
    /// Any active account.
    ActiveAccount,
    /// Active patients.
    Patient,
    /// Approved doctors.
    Doctor,
    /// Approved doctors and admins (patients' records).
    DoctorOrAdmin,
    /// Active patients and approved doctors (messages between them).
    PatientOrDoctor,
    /// Admins who have turned on two-factor sign-in.
    Admin,
}

impl Access {
    fn roles(self) -> &'static [Role] {
        match self {
            Self::AnyAccount | Self::ActiveAccount => &[Role::Patient, Role::Doctor, Role::Admin],
            Self::Patient => &[Role::Patient],
            Self::Doctor => &[Role::Doctor],
            Self::DoctorOrAdmin => &[Role::Doctor, Role::Admin],
            Self::PatientOrDoctor => &[Role::Patient, Role::Doctor],
            Self::Admin => &[Role::Admin],
        }
    }

    /// Who the pages are for, in words.
    fn audience(self) -> &'static str {
        match self {
            Self::AnyAccount | Self::ActiveAccount => "people with an active account",
            Self::Patient => "patients",
            Self::Doctor => "doctors",
            Self::DoctorOrAdmin => "doctors and administrators",
            Self::PatientOrDoctor => "patients and doctors",
            Self::Admin => "administrators",
        }
    }

    fn check(self, me: &Me) -> Result<(), Refusal> {
        if !self.roles().contains(&me.role) {
            return Err(Refusal::Role(self, me.role));
        }
        if self != Self::AnyAccount && me.status != AccountStatus::Active {
            return Err(Refusal::Inactive(me.status));
        }
        if self == Self::Admin && !me.two_factor_enabled {
            return Err(Refusal::TwoFactorOff);
        }
        Ok(())
    }
}

/// Why someone may not open a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// The pages are for other roles.
    Role(Access, Role),
    /// The account is not active: a doctor waiting for approval, or rejected.
    Inactive(AccountStatus),
    /// Administration needs two-factor sign-in.
    TwoFactorOff,
}

/// The pages of one group (the route's children), or why the signed-in
/// person may not open them.
#[component]
pub fn Guard(access: Access) -> impl IntoView {
    let session = use_session();
    // Decided again only when the answer changes, not with each renewed
    // token: a page must not be rebuilt under the person's hands.
    let verdict = Memo::new(move |_| {
        session
            .current
            .with(|s| s.as_ref().map(|s| access.check(&s.me)))
    });
    move || match verdict.get() {
        Some(Ok(())) => view! { <Outlet/> }.into_any(),
        Some(Err(refusal)) => view! { <NotForYou refusal/> }.into_any(),
        // Signed out: the sign-in check above is on its way to the sign-in page.
        None => ().into_any(),
    }
}

/// "This page is for doctors", with the way back.
#[component]
fn NotForYou(refusal: Refusal) -> impl IntoView {
    let back = ("/dashboard", "Go to your dashboard");
    let (heading, text, (href, label)) = match refusal {
        Refusal::Role(access, role) => (
            format!("This page is for {}", access.audience()),
            format!(
                "You are signed in as {}; your own pages are on your dashboard.",
                match role {
                    Role::Patient => "a patient",
                    Role::Doctor => "a doctor",
                    Role::Admin => "an administrator",
                }
            ),
            back,
        ),
        Refusal::Inactive(AccountStatus::Pending) => (
            "Your account is waiting for approval".to_owned(),
            "An administrator approves new doctors' accounts. This page opens once yours is approved."
                .to_owned(),
            back,
        ),
        Refusal::Inactive(_) => (
            "Your account is not active".to_owned(),
            "Your dashboard says why. This page opens only to active accounts.".to_owned(),
            back,
        ),
        Refusal::TwoFactorOff => (
            "Administration needs two-factor sign-in".to_owned(),
            "Turn on two-factor sign-in for your account first; then this page opens.".to_owned(),
            ("/account", "Set it up on your account page"),
        ),
    };
    view! {
        <section class="refusal" data-testid="not-for-you" aria-labelledby="refusal-heading">
            <h1 id="refusal-heading">{heading}</h1>
            <p class="lead">{text}</p>
            <p><a href=href>{label}</a></p>
        </section>
    }
}
