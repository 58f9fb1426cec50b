"""The web import: upload, background reading, review beside the text, corrections, confirm.

Nothing is written to the agreements before the confirmation; only the draft's owner sees it.
"""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coprogetta.agreements.models import Agreement, BudgetLine, Contribution
from coprogetta.documents.models import ImportDraft, Job

from .hostile import billion_laughs_docx

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
UPLOAD = reverse("documents:import_upload")

SHORT = "\n".join([
    'ACCORDO DI COLLABORAZIONE',
    'tra il Comune di Prova e la Cooperativa Sociale Aurora',
    'Periodo: dal 1° gennaio 2025 al 31 dicembre 2025',
    'Ambito 1 - Sostegno scolastico',
    '1. Oggetto',
    'Sviluppo e innovazione',
    '- Doposcuola nei quartieri: da febbraio 2025',
    '3. Risorse',
    '- Risorse Economiche: corrispettivo per 10 mensilità pari ad € 1.000,00 mensili + iva 5%'
    ' = tot. complessivo € 10.000,00 + iva 5% = € 10.500,00',
    '',
])


def sample_text() -> bytes:
    path = SAMPLES / "crema-2016-negoziazione.txt"
    if not path.exists():
        pytest.fail("the sample is missing from the repository")
    return path.read_bytes()


def upload(client, data: bytes, name: str):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def sample_draft(world):
    client = world.client_for(world.owner)
    response = upload(client, sample_text(), "crema-2016.txt")
    assert response.status_code == 302
    return ImportDraft.objects.get(owner=world.owner)


def test_anonymous_is_sent_to_the_login(client):
    assert client.get(UPLOAD)["Location"].startswith("/accesso/")


@pytest.mark.django_db
def test_only_editors_may_upload(world):
    assert world.client_for(world.reader).get(UPLOAD).status_code == 403
    assert world.client_for(world.reader).post(UPLOAD, {}).status_code == 403
    page = world.client_for(world.owner).get(UPLOAD)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.content.decode()


@pytest.mark.django_db
def test_the_agreement_list_links_to_the_import_for_editors_only(world):
    assert UPLOAD in world.client_for(world.owner).get(reverse("agreements:list")).content.decode()
    assert UPLOAD not in world.client_for(world.reader).get(reverse("agreements:list")).content.decode()


@pytest.mark.django_db
def test_upload_reads_the_document_in_a_job_and_writes_no_agreement(world):
    before = Agreement.objects.count(), BudgetLine.objects.count(), Contribution.objects.count()
    client = world.client_for(world.owner)
    response = upload(client, sample_text(), "crema-2016.txt")
    job = Job.objects.get(kind="import")
    assert response["Location"] == reverse("jobs:detail", kwargs={"job": job.pk})
    assert job.status == Job.Status.DONE, job.error
    draft = ImportDraft.objects.get()
    assert job.result_url == reverse("documents:import_review", kwargs={"draft": draft.pk})
    assert (draft.owner, draft.status, draft.format) == (world.owner, "draft", "txt")
    assert len(draft.document["areas"]) == 5
    assert draft.lines[0] == ""  # the text file's own lines, blank ones included
    assert (Agreement.objects.count(), BudgetLine.objects.count(), Contribution.objects.count()) == before
    assert "path" in job.params and "data" not in job.params


@pytest.mark.django_db
def test_a_hostile_upload_fails_the_job_with_a_sentence_and_keeps_nothing(world):
    client = world.client_for(world.owner)
    upload(client, billion_laughs_docx(), "risate.docx")
    job = Job.objects.get(kind="import")
    assert job.status == Job.Status.FAILED
    assert "DTD" in job.error
    assert not ImportDraft.objects.exists()
    page = client.get(reverse("jobs:detail", kwargs={"job": job.pk}))
    assert page.status_code == 200 and "DTD" in page.content.decode()


@pytest.mark.django_db
def test_an_empty_upload_is_refused_on_the_form(world):
    response = upload(world.client_for(world.owner), b"", "vuoto.txt")
    assert response.status_code == 200
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_review_shows_findings_first_and_links_values_to_their_lines(world, sample_draft):
    client = world.client_for(world.owner)
    url = reverse("documents:import_review", kwargs={"draft": sample_draft.pk})
    page = client.get(url + "?parte=draft-area-0")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index('id="findings"') < html.index('id="draft-form"') < html.index('id="line-1"')
    # the approximation of the sample, with its line
    approximation = re.search(r'class="finding-approximate".*?href="#line-(\d+)"', html, re.S)
    assert approximation and "7,5" in sample_draft.lines[int(approximation.group(1)) - 1]
    # every extracted value with a source links to an existing, numbered line
    anchors = set(re.findall(r'href="#line-(\d+)"', html))
    assert len(anchors) > 20
    assert all(f'id="line-{n}"' in html for n in anchors)
    title_line = sample_draft.sources["/areas/0/title"]
    assert f'href="#line-{title_line}"' in html
    assert "Servizi rivolti alle famiglie" in sample_draft.lines[title_line - 1]
    # the summary table's cells are shown apart
    assert '<span class="cell">€ 1.146.628,71</span>' in html


@pytest.mark.django_db
def test_only_the_owner_sees_a_draft(world, sample_draft):
    for user in (world.outsider, world.member, world.reader):
        client = world.client_for(user)
        for name in ("import_review", "import_confirm", "import_discard"):
            url = reverse(f"documents:{name}", kwargs={"draft": sample_draft.pk})
            assert client.get(url).status_code == 404, (user, name)
            assert client.post(url, {}).status_code == 404, (user, name)
    sample_draft.refresh_from_db()
    assert sample_draft.status == "draft"


def form_data(page) -> dict[str, str]:
    """The review form as the browser would submit it, unchanged."""
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    return data


@pytest.mark.django_db
def test_corrections_are_saved_and_verified_again(world):
    client = world.client_for(world.owner)
    upload(client, SHORT.encode(), "aurora.txt")
    draft = ImportDraft.objects.get()
    url = reverse("documents:import_review", kwargs={"draft": draft.pk})
    page = client.get(url)
    data = form_data(page)
    assert data["version"] == "1"
    line = draft.document["areas"][0]["budget_lines"][0]
    assert line["gross"] == "10500.00"
    data["v-title"] = "Accordo Aurora 2025"
    data["v-areas-0-budget_lines-0-gross"] = "10.600,00"  # a wrong gross: the verification says so
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.document["title"] == "Accordo Aurora 2025"
    assert draft.document["areas"][0]["budget_lines"][0]["gross"] == "10600.00"
    assert Agreement.objects.filter(title="Accordo Aurora 2025").count() == 0
    findings = draft.document["verification"]["findings"]
    assert any(f["kind"] in {"mismatch", "inconsistency"} for f in findings)

    # a stale form (version 1) is refused, the input kept
    data["v-title"] = "Un altro titolo"
    stale = client.post(url, data)
    assert stale.status_code == 200
    assert "while you were editing" in stale.content.decode()
    draft.refresh_from_db()
    assert draft.document["title"] == "Accordo Aurora 2025"


@pytest.mark.django_db
def test_a_correction_the_schema_refuses_is_not_saved(world):
    client = world.client_for(world.owner)
    upload(client, SHORT.encode(), "aurora.txt")
    draft = ImportDraft.objects.get()
    url = reverse("documents:import_review", kwargs={"draft": draft.pk})
    data = form_data(client.get(url))
    data["v-areas-0-budget_lines-0-quantity"] = "123456789"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not a valid agreement yet" in response.content.decode()
    data["v-areas-0-budget_lines-0-unit_amount"] = "mille"
    response = client.post(url, data)
    assert "Write a number like 1.234,56." in response.content.decode()
    draft.refresh_from_db()
    assert draft.version == 1


@pytest.mark.django_db
def test_removing_an_item(world):
    client = world.client_for(world.owner)
    upload(client, SHORT.encode(), "aurora.txt")
    draft = ImportDraft.objects.get()
    url = reverse("documents:import_review", kwargs={"draft": draft.pk})
    data = form_data(client.get(url))
    actions = draft.document["areas"][0]["actions"]
    assert actions
    data["x-areas-0-actions-0"] = "on"
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert len(draft.document["areas"][0]["actions"]) == len(actions) - 1


@pytest.mark.django_db
def test_confirm_creates_the_agreement_in_one_step(world, sample_draft):
    client = world.client_for(world.owner)
    url = reverse("documents:import_confirm", kwargs={"draft": sample_draft.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "1.146.628,71" in page.content.decode()
    response = client.post(url, {"version": sample_draft.version})
    sample_draft.refresh_from_db()
    assert sample_draft.status == "confirmed"
    agreement = sample_draft.agreement
    assert response["Location"] == reverse("agreements:detail", kwargs={"pk": agreement.pk})
    assert client.get(response["Location"]).status_code == 200
    assert agreement.areas.count() == 5
    assert BudgetLine.objects.filter(agreement=agreement).count() == 9
    # a confirmed draft does not change any more
    assert client.post(url, {"version": sample_draft.version}).status_code == 200
    assert Agreement.objects.filter(pk=agreement.pk).count() == 1


@pytest.mark.django_db
def test_confirm_needs_the_user_to_be_a_party(world):
    client = world.client_for(world.outsider)
    upload(client, sample_text(), "crema-2016.txt")
    draft = ImportDraft.objects.get()
    count = Agreement.objects.count()
    response = client.post(reverse("documents:import_confirm", kwargs={"draft": draft.pk}), {})
    assert response.status_code == 200
    assert "None of the parties is one of your organisations" in response.content.decode()
    assert Agreement.objects.count() == count


@pytest.mark.django_db
def test_discard(world, sample_draft):
    client = world.client_for(world.owner)
    count = Agreement.objects.count()
    url = reverse("documents:import_discard", kwargs={"draft": sample_draft.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": sample_draft.version})
    assert response["Location"] == UPLOAD
    sample_draft.refresh_from_db()
    assert sample_draft.status == "discarded"
    assert Agreement.objects.count() == count
    assert sample_draft.filename not in client.get(UPLOAD).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 30])
def test_the_list_of_open_drafts_takes_a_fixed_number_of_queries(world, count, django_assert_max_num_queries):
    for index in range(count):
        ImportDraft.objects.create(owner=world.owner, filename=f"doc{index}.txt", format="txt")
    ImportDraft.objects.create(owner=world.outsider, filename="altrui.txt", format="txt")
    client = world.client_for(world.owner)
    with django_assert_max_num_queries(8):
        page = client.get(UPLOAD)
    html = page.content.decode()
    assert html.count('href="/accordi/importa/') == count
    assert "altrui.txt" not in html


@pytest.mark.django_db
def test_a_long_draft_is_corrected_one_part_at_a_time(world, sample_draft, monkeypatch):
    from coprogetta.documents.import_forms import DraftForm

    monkeypatch.setattr(DraftForm, "MAX_INPUTS", 50)
    client = world.client_for(world.owner)
    url = reverse("documents:import_review", kwargs={"draft": sample_draft.pk})
    first = client.get(url)
    assert first.context["form"].part == "draft-general"
    assert 'href="?parte=draft-area-2"' in first.content.decode()
    page = client.get(url + "?parte=draft-area-2")
    form = page.context["form"]
    assert form.part == "draft-area-2"
    assert all(name.startswith(("v-areas-2-", "x-areas-2-")) for name in form.fields if name != "version")
    data = form_data(page)
    data["v-areas-2-title"] = "Prossimità sociale"
    response = client.post(url + "?parte=draft-area-2", data)
    assert response["Location"] == url + "?parte=draft-area-2"
    sample_draft.refresh_from_db()
    assert sample_draft.document["areas"][2]["title"] == "Prossimità sociale"
    assert sample_draft.document["areas"][1]["title"].startswith("Servizi rivolti ai minori")
    assert len(sample_draft.document["areas"][0]["actions"]) == 14
