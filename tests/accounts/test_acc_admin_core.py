"""Admin operations in the core: establishments imported from CSV (all or nothing, errors per row),
an establishment's data exported and deleted by its coordinator, a person's own data."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import func, select

from accounts.establishment_data import delete_establishment, export_establishment
from accounts.establishment_import import import_establishments
from accounts.personal_data import DELETED_NAME, delete_account, my_data
from accounts.roles import Actor
from continuum.problems import ProblemError
from continuum.reference import finess_with_key
from storage.answers import AnswerInput, save_answer
from storage.audit import list_audit
from storage.engine import read_session, write_session
from storage.models import Person, Site
from storage.responses import add_participant

from acc_support import make_user

ET1, ET2, EJ = finess_with_key("49000010"), finess_with_key("49000020"), finess_with_key("49000001")
BAD_KEY = ET1[:-1] + str((int(ET1[-1]) + 1) % 10)  # the Luhn key is wrong


def _csv(*lines: str) -> str:
    return "finess_et;finess_ej;name;category;legal_status;region;size\n" + "\n".join(lines) + "\n"


def test_a_valid_csv_registers_every_site_and_their_legal_entity(world):
    data = _csv(f"{ET1};{EJ};CH Angers site 1;ch;public;52;300", f"{ET2};{EJ};CH Angers site 2;ch;public;52;")
    with write_session(world.engine) as s:
        assert import_establishments(s, world.coordinator_a, data) == 2
    with read_session(world.engine) as s:
        assert s.execute(select(func.count()).select_from(Site).where(Site.legal_entity == EJ)).scalar() == 2


def test_one_bad_row_writes_nothing_and_every_error_names_its_row(world):
    data = _csv(f"{ET1};{EJ};CH Angers;ch;public;52;", f"{BAD_KEY};{EJ};Bad key;ch;public;52;",
                f"{ET2};{EJ};Unknown category;hospital;public;52;abc", f"{ET1};{EJ};Twice;ch;public;52;")
    with pytest.raises(ProblemError) as error, write_session(world.engine) as s:
        import_establishments(s, world.coordinator_a, data)
    located = {(p.code, p.location.split(" (")[0]) for p in error.value.problems}
    assert located == {("finess-invalid", "row 3"), ("csv-size-invalid", "row 4"), ("csv-duplicate", "row 5")}
    with read_session(world.engine) as s:
        assert s.get(Site, ET1) is None


def test_isolation_a_coordinator_cannot_import_into_another_region(world):
    with write_session(world.engine) as s, pytest.raises(ProblemError) as error:
        import_establishments(s, world.coordinator_a, _csv(f"{ET1};{EJ};Rennes;ch;public;53;"))
    assert error.value.problems[0].code == "forbidden"


def test_the_coordinator_exports_then_deletes_one_establishment_and_the_audit_log_says_so(world):
    response = world.response(world.team_a)
    with write_session(world.engine) as s:
        save_answer(s, world.team_a, response, "care.info", AnswerInput(status="in_place", comment="livret"),
                    base_version=0)
    with write_session(world.engine) as s:
        archive = export_establishment(s, world.coordinator_a, world.site_a1)
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        assert sorted(zipped.namelist()) == [f"{world.site_a1}.json", f"{world.site_a1}.xlsx"]
        tables = json.loads(zipped.read(f"{world.site_a1}.json"))
    assert [a["comment"] for a in tables["answers"]] == ["livret"]
    assert tables["responses"][0]["id"] == response
    with write_session(world.engine) as s, pytest.raises(ProblemError):
        delete_establishment(s, world.coordinator_a, world.site_a1, "wrong")
    with write_session(world.engine) as s:
        assert delete_establishment(s, world.coordinator_a, world.site_a1, world.site_a1)["responses"] == 1
    with read_session(world.engine) as s:
        assert s.get(Site, world.site_a1) is None and s.get(Site, world.site_a2) is not None
        actions = [e["action"] for e in list_audit(s, world.national, entity="establishment")]
    assert actions == ["delete", "export"]


def test_a_person_sees_and_deletes_their_own_data(world):
    created = make_user(world.engine, "rose", "establishment", sites=[world.site_a1], name="Rose Martin")
    response = world.response(world.team_a)
    with write_session(world.engine) as s:
        add_participant(s, world.team_a, response, created.user.person_id, "ru")
    me = Actor("Rose Martin", "establishment", created.user.id)
    with read_session(world.engine) as s:
        data = my_data(s, me)
    assert data["account"]["login"] == "rose" and data["participations"][0]["role"] == "ru"
    other = make_user(world.engine, "paul", "establishment")
    with write_session(world.engine) as s, pytest.raises(ProblemError):
        delete_account(s, me, other.user.id)  # nobody deletes someone else's account but an admin
    with write_session(world.engine) as s:
        delete_account(s, me, created.user.id)
    with read_session(world.engine) as s:
        assert s.get(Person, created.user.person_id).display_name == DELETED_NAME


def test_a_person_corrects_their_own_name_and_e_mail_but_not_their_role(world):
    from accounts.users import update_user

    created = make_user(world.engine, "rose", "establishment", sites=[world.site_a1], name="Rose Martn")
    me = Actor("Rose Martn", "establishment", created.user.id)
    with write_session(world.engine) as s:
        update_user(s, me, created.user.id, display_name="Rose Martin", email="rose@chu.example")
    with write_session(world.engine) as s, pytest.raises(ProblemError) as error:
        update_user(s, me, created.user.id, role="national")
    assert error.value.problems[0].code == "forbidden"
    with read_session(world.engine) as s:
        data = my_data(s, me)
        person_name = s.get(Person, created.user.person_id).display_name
        logged = [e["action"] for e in list_audit(s, world.national, entity="user")
                  if e["entity_id"] == created.user.id]
    assert (data["account"]["name"], data["account"]["email"], data["account"]["role"]) == \
        ("Rose Martin", "rose@chu.example", "establishment")
    assert person_name == "Rose Martin"  # the participant record follows the correction
    assert logged.count("update") == 1  # the correction is logged; the refused role change is not
