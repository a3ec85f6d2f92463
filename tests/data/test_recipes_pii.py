"""Recipes (applied as new versions with lineage; column steps compile to scikit-learn),
personal-data discovery, masking, tags and datasheets."""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest

from engine.errors import ValidationError
from tests.data.conftest import write_csv

RECIPE = {
    "name": "clean",
    "steps": [
        {"op": "filter", "column": "age", "operator": ">=", "value": 21},
        {"op": "impute", "columns": ["income"], "strategy": "median"},
        {"op": "scale", "columns": ["income"], "method": "standard"},
        {"op": "encode", "columns": ["city"], "method": "onehot"},
        {"op": "date_parts", "column": "applied", "parts": ["year", "month"], "drop": True},
        {"op": "split", "test": 0.2, "validation": 0.2, "stratify": "default", "seed": 11},
    ],
}


@pytest.fixture
def loans(workspace, analyst, tmp_path):
    rows = []
    for i in range(500):
        income = "" if i % 25 == 0 else str(3000 + (i * 37) % 9000)
        rows.append(
            f"{i},{18 + i % 50},{['Riyadh', 'Jeddah', 'Dammam'][i % 3]},{income},"
            f"2025-{1 + i % 12:02d}-15,{int(i % 4 == 0)}"
        )
    path = write_csv(tmp_path / "loans.csv", "id,age,city,income,applied,default", rows)
    workspace.data.import_file(analyst, path, "loans")
    return path


def test_recipe_makes_a_new_version_with_lineage(workspace, analyst, loans):
    stored = workspace.data.prepare(analyst, "loans@1", RECIPE, name="loans_ready")
    version = stored.version
    assert version.ref == "loans_ready@1" and version.recipe["name"] == "clean"
    table = workspace.data.read_table(analyst, version).to_pandas()
    assert (table["age"] >= 21).all() and len(table) == sum(18 + i % 50 >= 21 for i in range(500))
    assert not table["income"].isna().any()
    assert abs(table["income"].mean()) < 1e-9 and abs(table["income"].std(ddof=0) - 1) < 1e-9
    assert list(table.columns)[:3] == ["id", "age", "city_Dammam"]  # the user's order kept
    assert list(table.columns)[5:] == [
        "income",
        "default",
        "applied_year",
        "applied_month",
        "split",
    ]
    assert {"city_Riyadh", "city_Jeddah"} <= set(table.columns) and "applied" not in table
    shares = table["split"].value_counts(normalize=True)
    assert shares["test"] == pytest.approx(0.2, abs=0.01)
    assert shares["validation"] == pytest.approx(0.2, abs=0.01)
    by_class = table.groupby("split")["default"].mean()  # stratified: same default rate
    assert by_class.max() - by_class.min() < 0.03
    lineage = workspace.data.lineage(analyst, "loans@1")
    assert [n.ref for n in lineage.nodes] == ["loans@1", "loans_ready@1"]
    again = workspace.data.prepare(analyst, "loans@1", RECIPE, name="loans_ready")
    assert again.existing  # the same seed gives the same data: the same version


def test_column_steps_compile_to_the_same_sklearn_transformation(workspace, analyst, loans):
    recipe = {
        "steps": [
            {"op": "impute", "columns": ["income"], "strategy": "median"},
            {"op": "clip", "columns": ["income"], "upper_quantile": 0.9},
            {"op": "scale", "columns": ["income", "age"], "method": "minmax"},
            {"op": "encode", "columns": ["city"]},
        ]
    }
    prepared = workspace.data.read_table(
        analyst, workspace.data.prepare(analyst, "loans@1", recipe, name="f").version
    ).to_pandas()
    raw = workspace.data.read_table(analyst, "loans@1").to_pandas()
    pipeline = workspace.data.pipeline(recipe)
    fitted = pipeline.fit_transform(raw)
    for column in ("income", "age", "city_Riyadh"):
        assert np.allclose(
            fitted[column].to_numpy(dtype=float), prepared[column].to_numpy(dtype=float)
        )
    fresh = pd.DataFrame(
        {
            "id": [9],
            "age": [30],
            "city": ["Unknown"],
            "income": [None],
            "applied": ["2025-01-01"],
            "default": [0],
        }
    )
    scored = pipeline.transform(fresh)  # unseen category and a missing value are handled
    assert scored[["city_Riyadh", "city_Jeddah", "city_Dammam"]].to_numpy().sum() == 0


def test_bad_recipes_are_refused_with_the_step_named(workspace, analyst, loans):
    cases = [
        ({"steps": [{"op": "explode"}]}, "Step 1: 'op' must be one of"),
        ({"steps": [{"op": "impute", "columns": ["income"]}]}, "Step 1 (impute) needs strategy"),
        (
            {"steps": [{"op": "scale", "columns": ["city"]}]},
            "Step 1 (scale): scale works on numeric columns only",
        ),
        (
            {"steps": [{"op": "drop", "columns": ["nope"]}]},
            "Step 1 (drop): there is no column 'nope' at this point of the recipe",
        ),
        (
            {"steps": [{"op": "drop", "columns": ["nope", "gone"]}]},
            "Step 1 (drop): there are no columns 'nope', 'gone' at this point",
        ),
        # issue 19: read "Step 6 (filter): no column(s)  at this point"
        (
            {"steps": [{"op": "filter", "column": " ", "operator": "==", "value": 1}]},
            "Step 1 (filter): a column name is empty; choose the column the step works on",
        ),
        (
            {"steps": [{"op": "split", "test": 0.7, "validation": 0.4}]},
            "must leave rows for training",
        ),
    ]
    for recipe, message in cases:
        with pytest.raises(ValidationError) as caught:
            workspace.data.prepare(analyst, "loans@1", recipe, name="bad")
        assert message in caught.value.message, (recipe, caught.value.message)
    assert [d.name for d in workspace.data.datasets(analyst)] == ["loans"]


def test_recipe_files_in_toml(workspace, analyst, loans, tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(
        'name = "t"\n[[steps]]\nop = "drop"\ncolumns = ["applied"]\n[[steps]]\nop = "deduplicate"\n'
    )
    version = workspace.data.prepare(analyst, "loans@1", path, name="t").version
    assert "applied" not in [c["name"] for c in version.schema]


PEOPLE = "customer_id,full_name,email,mobile,national_id,iqama,iban,card,birth_date,address,score"
ROWS = [
    "1,Sara Al Harbi,sara@example.com,0551234567,1000000008,2000000006,"
    "SA0380000000608010167519,4111111111111111,1990-04-01,12 King Fahd Road,1",
    "2,Omar Khalid,omar@example.org,+966501234567,1234567897,2123456787,"
    "SA4420000001234567891234,5500000000000004,1985-10-20,7 Olaya Street,2",
    "3,محمد العتيبي,m@x.sa,966512345678,1111111116,2222222220,"
    "SA0380000000608010167519,4012888888881881,2001-01-30,حي النخيل شارع 5,3",
]


def test_personal_data_is_found_with_evidence(workspace, analyst, tmp_path):
    path = write_csv(tmp_path / "people.csv", PEOPLE, ROWS)
    workspace.data.import_file(analyst, path, "people")
    found = {(f.column, f.kind): f for f in workspace.data.personal_data(analyst, "people@1")}
    for column, kind in [
        ("full_name", "name"),
        ("email", "email"),
        ("mobile", "phone"),
        ("national_id", "national_id"),
        ("iqama", "iqama"),
        ("iban", "iban"),
        ("card", "card"),
        ("birth_date", "date_of_birth"),
        ("address", "address"),
    ]:
        assert (column, kind) in found, (column, kind)
    assert found[("card", "card")].confidence == "high"
    assert "valid checksum" in " ".join(found[("national_id", "national_id")].evidence)
    assert all("Sara" not in e for e in found[("full_name", "name")].examples)
    table = workspace.data.read_table(analyst, "people@1")
    assert table.column("mobile").to_pylist()[0] == "0551234567"  # leading zero kept
    assert not any(f.column == "score" for f in found.values())


def test_masking_steps(workspace, analyst, tmp_path):
    path = write_csv(tmp_path / "people.csv", PEOPLE, ROWS)
    workspace.data.import_file(analyst, path, "people")
    recipe = {
        "steps": [
            {"op": "mask", "column": "full_name", "method": "drop"},
            {"op": "mask", "column": "email", "method": "hash"},
            {"op": "mask", "column": "card", "method": "redact", "keep_last": 4},
            {"op": "mask", "column": "birth_date", "method": "generalise", "unit": "year"},
            {"op": "mask", "column": "score", "method": "generalise", "width": 10},
        ]
    }
    table = workspace.data.read_table(
        analyst, workspace.data.prepare(analyst, "people@1", recipe, name="people_masked").version
    ).to_pandas()
    assert "full_name" not in table.columns
    expected = hmac.new(analyst.pseudonym_key(), b"sara@example.com", hashlib.sha256).hexdigest()[
        :32
    ]
    assert table["email"][0] == expected
    assert table["card"][0] == "************1111"
    assert table["birth_date"].tolist() == ["1990", "1985", "2001"]
    assert table["score"][0] == "0-9"
    workspace.keys.rotate_master(workspace.login("admin", "admin password 123"))
    assert (
        workspace.login("ana", "analyst password 1").pseudonym_key() == analyst.pseudonym_key()
    )  # hashes stay stable across key rotation


def test_tags_and_datasheet_are_audited(workspace, analyst, tmp_path):
    path = write_csv(tmp_path / "people.csv", PEOPLE, ROWS)
    workspace.data.import_file(analyst, path, "people")
    tags = workspace.data.annotations.tag(analyst, "people", "full_name", ["personal", "sensitive"])
    assert tags == {"full_name": ["personal", "sensitive"]}
    with pytest.raises(ValidationError, match="Tags must be among"):
        workspace.data.annotations.tag(analyst, "people", "full_name", ["secret"])
    with pytest.raises(ValidationError, match="has no column"):
        workspace.data.annotations.tag(analyst, "people", "nope", ["personal"])
    sheet = workspace.data.annotations.set_datasheet(
        analyst, "people", {"purpose": "credit scoring", "legal_basis": "PDPL Art. 6"}
    )
    assert sheet["purpose"] == "credit scoring"
    with pytest.raises(ValidationError, match="Unknown datasheet field"):
        workspace.data.annotations.set_datasheet(analyst, "people", {"colour": "red"})
    dataset = workspace.data.datasets(analyst)[0]
    assert dataset.column_tags == tags and dataset.datasheet["legal_basis"] == "PDPL Art. 6"
    actions = [
        e.action for e in workspace.audit.entries(workspace.login("admin", "admin password 123"))
    ]
    assert actions.count("data.tag") == 2


def test_a_prepared_dataset_keeps_the_tags_of_the_columns_it_kept(workspace, analyst, loans):
    workspace.data.annotations.tag(analyst, "loans", "city", ["sensitive"])
    workspace.data.annotations.tag(analyst, "loans", "id", ["identifier"])
    workspace.data.prepare(
        analyst, "loans@1", {"steps": [{"op": "drop", "columns": ["id"]}]}, name="slim"
    )
    tags = {d.name: d.column_tags for d in workspace.data.datasets(analyst)}
    assert tags["slim"] == {"city": ["sensitive"]}  # id was dropped
    workspace.data.annotations.tag(analyst, "slim", "city", [])  # the user's own choice
    workspace.data.prepare(
        analyst, "loans@1", {"steps": [{"op": "drop", "columns": ["age"]}]}, name="slim"
    )
    tags = {d.name: d.column_tags for d in workspace.data.datasets(analyst)}
    assert tags["slim"].get("city", []) == []  # not overwritten on a later version


def test_sensitive_attributes_are_suggested_by_name_only_where_it_fits():
    import pyarrow as pa

    from engine.data.pii import detect

    table = pa.table(
        {
            "gender": ["F", "M"],
            "Nationality": ["Saudi", "Other"],
            "applicant_age": [30, 41],
            "الجنس": ["أنثى", "ذكر"],
            "usage": [1, 2],
            "mortgage": [0, 1],
            "message": ["a", "b"],
        }
    )
    found = {f.column: f for f in detect(table)}
    assert set(found) == {"gender", "Nationality", "applicant_age", "الجنس"}
    assert found["gender"].kind == "sensitive_attribute"
    assert found["gender"].suggested_tags == ("sensitive",)
    assert "protected characteristic" in found["gender"].evidence[0]


def test_a_scan_does_not_propose_again_what_the_analyst_dismissed():
    """A column saved as not_sensitive (age, in the demo) is found again by a scan: it must
    not come back ticked as sensitive too, a pair the engine refuses to save."""
    import pyarrow as pa

    from engine.data.pii import detect, proposed_tags

    found = {f.column: f for f in detect(pa.table({"age": [30, 41], "gender": ["F", "M"]}))}
    assert proposed_tags([found["age"]], ["not_sensitive"]) == {"not_sensitive"}
    assert proposed_tags([found["gender"]], []) == {"sensitive"}
    assert proposed_tags([found["gender"]], ["personal"]) == {"personal", "sensitive"}
