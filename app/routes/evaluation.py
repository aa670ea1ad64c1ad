"""Chain evaluation (guide §6, Annexes I and K; `000` §7.1 collaboration indicators).

Indicator values come from the chain package's `indicators` dict under the ids listed by
`GET /api/v1/evaluation/indicators`, each on a 0-100 attainment scale; the graph computes what
it can; anything else is listed as missing, never counted as zero. The evaluation uses the
problem library, so it is member-level data."""

from dataclasses import asdict
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from app.deps import MemberDep, StoreDep
from graph.libraries.evaluation import COMPUTED, DIMENSIONS, INDICATORS, evaluate

router = APIRouter(prefix="/api/v1", tags=["evaluation"])


class IndicatorSpec(BaseModel):
    id: str
    dimension: str
    dimension_name: str
    name: str
    weight: int
    description: str
    computable: bool


class IndicatorCatalogue(BaseModel):
    scale: str
    total_weight: int
    items: list[IndicatorSpec]


class IndicatorResultPublic(BaseModel):
    id: str
    dimension: str
    name: str
    weight: int
    description: str
    source: Literal["supplied", "computed", "missing"]
    value: float | None
    score: float | None
    basis: str | None


class DimensionPublic(BaseModel):
    id: str
    name: str
    weight: int
    score: float
    covered_weight: int
    missing: list[str]


class EvaluationPublic(BaseModel):
    chain: str
    score: float
    covered_weight: int
    complete: bool
    missing: list[str]
    unknown_inputs: list[str]
    invalid_inputs: list[str]
    dimensions: list[DimensionPublic]
    indicators: list[IndicatorResultPublic]
    quality: dict[str, float | int | None]


SCALE = "each value is the degree of attainment, 0-100; an indicator scores weight × value / 100"


@router.get("/evaluation/indicators", response_model=IndicatorCatalogue)
def read_indicator_catalogue() -> IndicatorCatalogue:
    """The 17 collaboration indicators (`000` §7.1): stable ids, dimensions and weights."""
    items = [
        IndicatorSpec(
            **asdict(i), dimension_name=DIMENSIONS[i.dimension][0], computable=i.id in COMPUTED
        )
        for i in INDICATORS
    ]
    return IndicatorCatalogue(
        scale=SCALE, total_weight=sum(i.weight for i in INDICATORS), items=items
    )


@router.get("/chains/{chain}/evaluation", response_model=EvaluationPublic)
def read_evaluation(chain: str, store: StoreDep, principal: MemberDep) -> EvaluationPublic:
    """Weighted collaboration scores per dimension and in total, missing inputs, Annex K figures."""
    return EvaluationPublic.model_validate(asdict(evaluate(store, chain, principal)))
