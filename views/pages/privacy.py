"""Information notice, retention periods and rights; a signed-in person sees, corrects or deletes their data
(``accounts.personal_data``)."""

import pandas as pd
import streamlit as st

from accounts.personal_data import delete_account, my_data
from accounts.roles import Actor
from accounts.sessions import sign_out
from accounts.users import update_user
from continuum.i18n import t
from continuum.problems import ProblemError
from continuum.settings import get_settings
from storage.engine import read_session, run_write
from views.common import guarded
from views.data import engine
from views.identity import current_identity, forget_sign_in, refresh_identity, session_token
from views.messages import show_problems


def page(lang: str) -> None:
    st.title(t("accounts.privacy.title", lang))
    settings = get_settings()
    st.markdown(t("accounts.privacy.notice", lang))
    st.subheader(t("accounts.privacy.retention_title", lang))
    st.markdown(t("accounts.privacy.retention", lang, days=settings.personal_data_retention_days,
                  minutes=settings.session_timeout_minutes))
    st.subheader(t("accounts.privacy.rights_title", lang))
    st.markdown(t("accounts.privacy.rights", lang))
    identity = current_identity()
    if identity is None or not identity.user_id:
        st.info(t("accounts.privacy.sign_in_to_see", lang), icon=":material/login:")
        return
    actor = Actor(identity.display_name, identity.role, identity.user_id)
    st.header(t("accounts.privacy.my_data", lang))
    with read_session(engine()) as session:
        data = my_data(session, actor)
    st.json({k: str(v) if v is not None else None for k, v in data["account"].items()})
    for part in ("participations", "sessions", "actions"):
        with st.expander(t(f"accounts.privacy.{part}", lang, count=len(data[part]))):
            st.dataframe(pd.DataFrame(data[part]), hide_index=True)
    correct(actor, data["account"], lang)
    delete(actor, lang)


def correct(actor: Actor, account: dict, lang: str) -> None:
    with st.form("correct_my_data"):
        st.subheader(t("accounts.privacy.correct", lang))
        name = st.text_input(t("accounts.fields.name", lang), value=account["name"])
        email = st.text_input(t("accounts.fields.email", lang), value=account["email"] or "")
        if st.form_submit_button(t("accounts.privacy.save", lang)):
            try:
                run_write(engine(), lambda s: update_user(s, actor, actor.user_id, display_name=name,
                                                          email=email.strip() or None))
            except ProblemError as error:
                show_problems(error.problems, lang)
                return
            refresh_identity()
            st.success(t("accounts.privacy.saved", lang))


def delete(actor: Actor, lang: str) -> None:
    with st.form("delete_my_account"):
        st.subheader(t("accounts.privacy.delete", lang))
        st.caption(t("accounts.privacy.delete_help", lang))
        typed = st.text_input(t("accounts.privacy.delete_confirm", lang, word=t("accounts.privacy.delete_word", lang)))
        if st.form_submit_button(t("accounts.privacy.delete_button", lang), type="primary"):
            if typed.strip().upper() != t("accounts.privacy.delete_word", lang).upper():
                st.error(t("accounts.privacy.delete_mismatch", lang))
                return
            token = session_token()
            run_write(engine(), lambda s: (sign_out(s, token), delete_account(s, actor, actor.user_id)))
            forget_sign_in()
            st.rerun()


guarded(page)()
