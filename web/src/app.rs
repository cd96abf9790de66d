//! The route tree.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Layout;
use crate::pages::account::Account;
use crate::pages::admin_doctors::PendingDoctors;
use crate::pages::admin_users::Users;
use crate::pages::{
    dashboard::Dashboard, landing::Landing, not_found::NotFound, register::Register,
    sign_in::SignIn,
};
use crate::state::session::Session;

/// The application: one router, one layout, a page per route.
#[component]
pub fn App() -> impl IntoView {
    Session::provide();
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Landing/>
                    <Route path=path!("/signin") view=SignIn/>
                    <Route path=path!("/register") view=Register/>
                    <Route path=path!("/dashboard") view=Dashboard/>
                    <Route path=path!("/account") view=Account/>
                    <Route path=path!("/admin/doctors") view=PendingDoctors/>
                    <Route path=path!("/admin/users") view=Users/>
                </Routes>
            </Layout>
        </Router>
    }
}
