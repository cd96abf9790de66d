//! The route tree.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::Layout;
use crate::pages::account::Account;
use crate::pages::admin_appointments::Oversight;
use crate::pages::admin_deliveries::DeliveriesPage;
use crate::pages::admin_doctors::PendingDoctors;
use crate::pages::admin_users::Users;
use crate::pages::appointments::{AppointmentPage, MyAppointments};
use crate::pages::doctor::{DoctorDayPage, PracticePage, RequestsPage};
use crate::pages::doctors::{DirectoryPage, DoctorPage};
use crate::pages::inbox::InboxPage;
use crate::pages::medications::MedicationsPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::records::{MyHistory, PatientRecord};
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
                    <Route path=path!("/account/notifications") view=NotificationsPage/>
                    <Route path=path!("/admin/deliveries") view=DeliveriesPage/>
                    <Route path=path!("/admin/doctors") view=PendingDoctors/>
                    <Route path=path!("/admin/users") view=Users/>
                    <Route path=path!("/admin/appointments") view=Oversight/>
                    <Route path=path!("/doctors") view=DirectoryPage/>
                    <Route path=path!("/doctors/:id") view=DoctorPage/>
                    <Route path=path!("/appointments") view=MyAppointments/>
                    <Route path=path!("/appointments/:id") view=AppointmentPage/>
                    <Route path=path!("/history") view=MyHistory/>
                    <Route path=path!("/patients/:id") view=PatientRecord/>
                    <Route path=path!("/doctor/day") view=DoctorDayPage/>
                    <Route path=path!("/doctor/requests") view=RequestsPage/>
                    <Route path=path!("/doctor/practice") view=PracticePage/>
                    <Route path=path!("/inbox") view=InboxPage/>
                    <Route path=path!("/medications") view=MedicationsPage/>
                </Routes>
            </Layout>
        </Router>
    }
}
