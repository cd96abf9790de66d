//! The route tree.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Layout;
use crate::pages::{landing::Landing, not_found::NotFound};

/// The application: one router, one layout, a page per route.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Landing/>
                </Routes>
            </Layout>
        </Router>
    }
}
