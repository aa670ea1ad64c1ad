from fastapi import APIRouter, Request, Response

from app.deps import AnalysesDep, AnswersDep, LatestDep, Offset, PageLimit, StoreDep
from app.schemas import ChainList, EnterprisePage, InstitutionList, LinkPublic
from graph.package.models import Role, Tier
from graph.reads.chains import list_chains, list_institutions, list_links, page_enterprises

router = APIRouter(prefix="/api/v1/chains", tags=["chains"])


@router.get("", response_model=ChainList)
def read_chains(store: StoreDep) -> ChainList:
    """Every chain in the store."""
    return ChainList(items=list_chains(store))


@router.get("/{chain}/links", response_model=list[LinkPublic])
def read_links(
    request: Request,
    chain: str,
    store: StoreDep,
    answers: AnswersDep,
    latest: LatestDep,
    analyses: AnalysesDep,
) -> Response:
    """The chain's links in order, with segment and parent for the layered views."""
    version = latest.get(chain)
    memory = analyses.memory_reads(chain, version)

    def links() -> list[LinkPublic]:
        found = memory.links() if memory is not None else list_links(store, chain)
        return [
            LinkPublic(**link.model_dump(by_alias=True), enterprise_count=count)
            for link, count in found
        ]

    return answers.respond(request, version, links, chain=chain)


@router.get("/{chain}/enterprises", response_model=EnterprisePage)
def read_enterprises(
    request: Request,
    chain: str,
    store: StoreDep,
    answers: AnswersDep,
    latest: LatestDep,
    analyses: AnalysesDep,
    link: str | None = None,
    province: str | None = None,
    tier: Tier | None = None,
    role: Role | None = None,
    limit: PageLimit = 50,
    offset: Offset = 0,
) -> Response:
    """Enterprises of a chain, filtered and paged in id order."""
    version = latest.get(chain)
    memory = analyses.memory_reads(chain, version)
    filters = {"link": link, "province": province, "tier": tier, "role": role}

    def page() -> EnterprisePage:
        if memory is not None:
            items, total = memory.page(**filters, limit=limit, offset=offset)
        else:
            items, total = page_enterprises(store, chain, **filters, limit=limit, offset=offset)
        return EnterprisePage(items=items, total=total, limit=limit, offset=offset)

    return answers.respond(request, version, page, chain=chain)


@router.get("/{chain}/institutions", response_model=InstitutionList)
def read_institutions(chain: str, store: StoreDep) -> InstitutionList:
    """Testing and certification institutions of a chain with the links they serve."""
    return InstitutionList(items=list_institutions(store, chain))
