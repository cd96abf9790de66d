//! The texts of emailed links. They go to the account's own address only,
//! by email only, and say what to do if the person did not ask.

use medtrack_shared::notification::Category;

use super::outbox::{LinkNotice, LinkPurpose};
use super::Rendered;

/// The words of a link, for the person it is for.
pub fn render(notice: &LinkNotice) -> Rendered {
    let (name, title, body) = match notice.purpose {
        LinkPurpose::ResetPassword => (
            "password_reset",
            "Reset your MedTrack password",
            "Someone, hopefully you, asked to reset the password of your MedTrack account. \
             Open this link within 30 minutes to choose a new one; it works once:",
        ),
        LinkPurpose::ConfirmEmail => (
            "confirm_email",
            "Confirm your email address",
            "Please confirm that this address is yours: open this link within 48 hours; \
             it works once:",
        ),
    };
    let tail = match notice.purpose {
        LinkPurpose::ResetPassword => {
            "If you did not ask, ignore this email: your password stays as it is."
        }
        LinkPurpose::ConfirmEmail => "If you did not make a MedTrack account, ignore this email.",
    };
    Rendered {
        category: Category::AccountAndSecurity,
        event: format!("account.{name}"),
        title: title.to_owned(),
        body: format!("{body}\n\n{}\n\n{tail}", notice.url),
        link: None,
        urgent: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_carries_its_link_and_what_to_do_if_unasked() {
        let notice = LinkNotice {
            purpose: LinkPurpose::ResetPassword,
            url: "https://clinic.example/reset-password#token=abc".into(),
        };
        let text = render(&notice);
        assert_eq!(text.event, "account.password_reset");
        assert!(text.body.contains("#token=abc"));
        assert!(text.body.contains("ignore this email"));
    }
}
