//! The route tree. Every page that needs an account sits below the one
//! sign-in check, in the group of the people it is for; the e2e guard test
//! reads its list of protected routes from this file.

use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, ProtectedParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::guard::{Access, Guard};
use crate::components::layout::Layout;
use crate::components::status::Loading;
use crate::pages::{
    account::Account, admission::AdmissionPage, appointment::AppointmentPage,
    blood_request::BloodRequestPage, confirm_email::ConfirmEmail, dashboard::Dashboard,
    design::DesignPage, forgot_password::ForgotPassword, inbox::InboxPage, invoice::InvoicePage,
    landing::Landing, not_found::NotFound, notifications::NotificationsPage, record::PatientRecord,
    register::Register, reset_password::ResetPassword, sign_in::SignIn, wards::BedBoardPage,
};
use crate::pages::{admin, doctor, messages, patient};
use crate::state::catalogue::Catalogue;
use crate::state::session::Session;

/// The application: one router, one layout, a page per route.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::provide();
    Catalogue::provide();
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Landing/>
                    <Route path=path!("/signin") view=SignIn/>
                    <Route path=path!("/register") view=Register/>
                    // Opened from emailed links, signed in or not.
                    <Route path=path!("/forgot-password") view=ForgotPassword/>
                    <Route path=path!("/reset-password") view=ResetPassword/>
                    <Route path=path!("/confirm-email") view=ConfirmEmail/>
                    <Route path=path!("/design") view=DesignPage/>
                    // Signed-out visitors go to sign-in, once the session restore has finished.
                    <ProtectedParentRoute
                        path=path!("")
                        view=Outlet
                        condition=move || session.signed_in.get()
                        redirect_path=|| "/signin"
                        fallback=|| view! { <Loading what="your account"/> }
                    >
                        <ParentRoute path=path!("") view=|| view! { <Guard access=Access::AnyAccount/> }>
                            <Route path=path!("/dashboard") view=Dashboard/>
                            <Route path=path!("/account") view=Account/>
                            <Route path=path!("/account/notifications") view=NotificationsPage/>
                            <Route path=path!("/inbox") view=InboxPage/>
                        </ParentRoute>
                        <ParentRoute path=path!("") view=|| view! { <Guard access=Access::ActiveAccount/> }>
                            <Route path=path!("/appointments/:id") view=AppointmentPage/>
                            // Its patient, its doctor and admins; each sees what they may do.
                            <Route path=path!("/billing/invoices/:id") view=InvoicePage/>
                            // Its patient, staff who may read their record, and admins; staff act on it.
                            <Route path=path!("/admissions/:id") view=AdmissionPage/>
                        </ParentRoute>
                        <ParentRoute path=path!("") view=|| view! { <Guard access=Access::Patient/> }>
                            <Route path=path!("/doctors") view=patient::doctors::DirectoryPage/>
                            <Route path=path!("/doctors/:id") view=patient::doctors::DoctorPage/>
                            <Route path=path!("/appointments") view=patient::appointments::MyAppointments/>
                            <Route path=path!("/history") view=patient::history::MyHistory/>
                            <Route path=path!("/medications") view=patient::medications::MedicationsPage/>
                            <Route path=path!("/access-log") view=patient::access_log::AccessLogPage/>
                            <Route path=path!("/record") view=patient::record::MyRecordPage/>
                            <Route path=path!("/record/mood") view=patient::mood::MoodPage/>
                            <Route path=path!("/record/phq9") view=patient::phq9::Phq9Page/>
                            <Route path=path!("/record/documents") view=patient::documents::DocumentsPage/>
                            <Route path=path!("/billing") view=patient::billing::BillingPage/>
                            <Route path=path!("/donor") view=patient::donor::DonorPage/>
                            <Route path=path!("/triage") view=patient::triage::TriagePage/>
                            <Route path=path!("/triage/:id") view=patient::triage::TriageResultPage/>
                        </ParentRoute>
                        <ParentRoute path=path!("") view=|| view! { <Guard access=Access::PatientOrDoctor/> }>
                            <Route path=path!("/messages") view=messages::list::MessagesPage/>
                            <Route path=path!("/messages/new") view=messages::new::NewMessagePage/>
                            <Route path=path!("/messages/:id") view=messages::thread::ThreadPage/>
                        </ParentRoute>
                        <ParentRoute path=path!("") view=|| view! { <Guard access=Access::DoctorOrAdmin/> }>
                            <Route path=path!("/patients/:id") view=PatientRecord/>
                            // Its doctor and admins; each sees what they may do.
                            <Route path=path!("/blood/requests/:id") view=BloodRequestPage/>
                            <Route path=path!("/wards") view=BedBoardPage/>
                        </ParentRoute>
                        <ParentRoute path=path!("/doctor") view=|| view! { <Guard access=Access::Doctor/> }>
                            <Route path=path!("/day") view=doctor::day::DoctorDayPage/>
                            <Route path=path!("/requests") view=doctor::requests::RequestsPage/>
                            <Route path=path!("/practice") view=doctor::practice::PracticePage/>
                            <Route path=path!("/emergency") view=doctor::emergency::EmergencyPage/>
                            <Route path=path!("/invoices") view=doctor::invoices::DoctorInvoicesPage/>
                            <Route path=path!("/blood") view=doctor::blood::DoctorBloodPage/>
                            <Route path=path!("/analytics") view=doctor::analytics::DoctorAnalyticsPage/>
                        </ParentRoute>
                        <ParentRoute path=path!("/admin") view=|| view! { <Guard access=Access::Admin/> }>
                            <Route path=path!("/doctors") view=admin::doctors::PendingDoctors/>
                            <Route path=path!("/users") view=admin::users::Users/>
                            <Route path=path!("/appointments") view=admin::appointments::Oversight/>
                            <Route path=path!("/deliveries") view=admin::deliveries::DeliveriesPage/>
                            <Route path=path!("/alerts") view=admin::alerts::AlertsPage/>
                            <Route path=path!("/quarantine") view=admin::quarantine::QuarantinePage/>
                            <Route path=path!("/messages") view=admin::messages::MessagingPage/>
                            <Route path=path!("/billing") view=admin::billing::BillingOverviewPage/>
                            <Route path=path!("/invoices") view=admin::invoices::AdminInvoicesPage/>
                            <Route path=path!("/claims") view=admin::claims::AdminClaimsPage/>
                            <Route path=path!("/blood") view=admin::blood::BloodBankPage/>
                            <Route path=path!("/wards") view=admin::wards::WardSetupPage/>
                            <Route path=path!("/analytics") view=admin::analytics::ClinicAnalyticsPage/>
                        </ParentRoute>
                    </ProtectedParentRoute>
                </Routes>
            </Layout>
        </Router>
    }
}
