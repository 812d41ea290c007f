"""The demo campaign every page shows scores cleanly: no bad answer, every state represented."""

from questionnaires.loader import load_questionnaire
from scoring import score
from storage.engine import make_engine, read_session
from storage.frames import load_frames
from storage.scope import Scope
from continuum.paths import QUESTIONNAIRE_DIR


def test_every_demo_wave_scores_without_a_problem(demo_db_url):
    matrix = load_questionnaire(QUESTIONNAIRE_DIR / "montreal-matrix.yaml")
    inventory = load_questionnaire(QUESTIONNAIRE_DIR / "initiative-inventory.yaml")
    engine = make_engine(demo_db_url)
    with read_session(engine) as session:
        for campaign in ("demo-national-w1", "demo-national-w2"):
            responses, answers = load_frames(session, Scope.national(), campaign)
            result = score(matrix, responses, answers, inventory=inventory)
            states = set(result.cell_states["state"])
            assert {"absent", "emerging", "present", "established", "declared_not_evidenced"} <= states
            assert (answers["respondent"] != "").any(), "the demo has individual contributions"
    engine.dispose()
