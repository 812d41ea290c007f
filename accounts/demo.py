"""Demo accounts, one per role, created only inside the demo database (``continuum demo`` prints them).

They share one published password: they exist in no other database, so they open nothing real.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from accounts.roles import Actor
from accounts.users import create_user

DEMO_PASSWORD = "continuum-demo"
DEMO_ACTOR = Actor("démo", "admin")
HOME_REGION = "52"  # the demo's sign-in codes and accounts act in Pays de la Loire when it has sites


def _pick(sites: pd.DataFrame, responding: set[str], category: str, region: str) -> pd.DataFrame:
    """The first responding site of a category, in ``region`` when it has one there."""
    chosen = sites[(sites["category"] == category) & sites["finess"].isin(responding)]
    chosen = chosen.assign(away=chosen["region"] != region).sort_values(["away", "finess"])
    return chosen.head(1)


def demo_accounts(session: Session, data) -> list[dict]:
    """Create the demo accounts; returns login, password, role, name and what each may see, for printing."""
    sites = data.tables["sites"]
    regions = sorted(sites["region"].unique())
    home = HOME_REGION if HOME_REGION in regions else regions[0]
    open_wave = data.campaigns[-1]["id"]
    responding = set(data.responses.loc[data.responses["campaign_id"] == open_wave, "establishment"])
    chu = _pick(sites, responding, "chu", home)
    chu_sites = list(sites.loc[sites["legal_entity"].isin(chu["legal_entity"]), "finess"])
    two = [s for c in ("ehpad", "clinic", "ch", "smr") for s in _pick(sites, responding, c, home)["finess"]][:2]
    specs = [("admin", "admin", "Alix Admin", {}),
             ("national", "national", "Noé National", {}),
             (f"ars-{home}", "ars", "Aude Analyste ARS", {"regions": [home]}),
             ("facilitateur", "facilitator", "Fanny Facilitatrice", {"sites": chu_sites[:1] + two})]
    specs += [(f"coord-{r}", "coordinator", f"Coordination {r}", {"regions": [r]}) for r in regions]
    if chu_sites:
        specs.append(("qualite.chu", "establishment", "Quentin Qualité", {"sites": chu_sites}))
    if len(two) == 2:
        specs.append(("ru.demo", "establishment", "Rose RU (deux CDU)", {"sites": two}))
    out = []
    for login, role, name, placement in specs:
        created = create_user(session, DEMO_ACTOR, login=login, display_name=name, role=role, password=DEMO_PASSWORD,
                              **placement)
        seen = ", ".join(placement.get("regions", []) or placement.get("sites", [])) or "—"
        out.append({"login": login, "password": DEMO_PASSWORD, "role": role, "name": name, "scope": seen,
                    "user_id": created.user.id})
    return out


def demo_logins(session: Session) -> list[str]:
    """The demo accounts' logins when this database holds the demo (they exist nowhere else)."""
    from sqlalchemy import select

    from storage.models import Meta
    from storage.models_accounts import UserAccount

    if session.get(Meta, "demo_seed") is None:
        return []
    return list(session.execute(select(UserAccount.login).where(UserAccount.created_by == DEMO_ACTOR.name)
                                .order_by(UserAccount.role, UserAccount.login)).scalars())
