"""Estimates: latent quantities with intervals, how each claim fits, and why a figure is what
it is. Produced by `emigre.estimate`, read by the CLI, the dashboard and the report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from emigre.model.base import Model


class Interval(Model):
    """A posterior median with its central 80 % and 95 % intervals, in people."""

    median: float
    low80: float
    high80: float
    low95: float
    high95: float


class DatedInterval(Interval):
    date: dt.date


class DestinationEstimate(Model):
    destination: str = Field(..., description="Alpha-3 code, or 'other' for unnamed places")
    name: str
    arrivals: DatedInterval = Field(..., description="Entries since the case start, at as_of")
    stock: DatedInterval = Field(..., description="People present at as_of")
    share_of_remaining: Interval = Field(
        ..., description="Stock as a share of everyone still abroad (0 to 1)"
    )
    stock_series: list[DatedInterval] = Field(default_factory=list)
    arrivals_series: list[DatedInterval] = Field(
        default_factory=list, description="Entries since the case start, at each series date"
    )


class ClaimFit(Model):
    """How one input claim relates to the estimate."""

    index: int = Field(..., description="Position of the claim in the input (0-based)")
    line: int | None = Field(None, description="Line of the claim in its file, if read from one")
    claim_id: str | None = None
    label: str | None = Field(None, description="The claim's source, as the input named it")
    used: bool = Field(..., description="Whether it informs the estimate")
    role: str = Field(
        ..., description="point, lower_bound, upper_bound, range, forecast or excluded"
    )
    reason: str = Field(..., description="How it was read, or why it was left out")
    quantity: str | None = Field(
        None, description="The figure it measures, as `emigre explain` accepts it"
    )
    fit: float | None = Field(
        None,
        description="Posterior predictive position of the claimed number (PIT): the "
        "probability that the measured figure comes out below it; near 0 or 1 is a poor fit",
    )
    predicted: Interval | None = Field(
        None, description="Posterior predictive of the figure the source measured"
    )
    support: float | None = Field(
        None,
        description="How probable the claim is given all the other claims (leave-one-out; "
        "the full posterior where leave-one-out is unreliable): for a bound, the chance it "
        "holds; for a figure, the two-sided tail probability",
    )
    outlier_probability: float | None = Field(
        None, description="Posterior weight of the 'simply wrong' component for this claim"
    )
    contradicted: bool = False
    conflicts_with: list[int] = Field(default_factory=list)
    unsupported: bool = Field(
        False,
        description="Flagged by its document as not verified or uncited (a lead-section "
        "figure no body figure supports)",
    )
    pareto_k: float | None = Field(
        None, description="Reliability of the leave-one-out computation (above 0.7: rough)"
    )


class Prediction(Model):
    """What the estimate expects a claim not in the fit to state (`estimate --predict`)."""

    line: int | None = Field(None, description="Line of the claim in its file")
    doc_id: str | None = None
    claim_id: str | None = None
    claim: dict[str, Any] = Field(..., description="The claim, in the shared evaluation format")
    predicted: bool = Field(..., description="False when the claim cannot be placed (reason)")
    role: str = Field(..., description="How it is read: point, lower_bound, ... or excluded")
    reason: str = Field(..., description="How it was read, or why it cannot be predicted")
    quantity: str | None = Field(None, description="The posterior figure it measures")
    median: float | None = None
    low80: float | None = None
    high80: float | None = None
    low95: float | None = None
    high95: float | None = None
    holds: float | None = Field(
        None,
        description="Probability that what it states holds: a bound that the figure lies "
        "beyond it; a figure that the measured figure comes out below it (its PIT)",
    )
    claims_same_place: int | None = Field(
        None, description="Claims in the fit about the same destination (or all together)"
    )
    claims_in_fit: int | None = None
    disagreement: float | None = Field(
        None,
        description="Log-sd by which sources of this kind of figure disagree beyond their "
        "noise, learnt from the claims in the fit (part of the interval)",
    )


class ReadingClaim(Model):
    """A claim that pulls towards one reading: it fits that reading better than the others."""

    index: int = Field(..., description="Position of the claim in the input (0-based)")
    claim_id: str | None = None
    label: str | None = None
    quantity: str | None = None
    log_likelihood_gain: float = Field(
        ...,
        description="Mean log-likelihood of the claim under this reading minus under the "
        "others (nats): how strongly it favours this reading",
    )


class Reading(Model):
    """One reading of the evidence: a posterior mode the sampler found and explored."""

    weight: float = Field(..., description="Share of the posterior mass (Laplace estimate)")
    departures: DatedInterval = Field(..., description="People who had left by as_of")
    remaining_abroad: DatedInterval
    returned: DatedInterval
    claims: list[ReadingClaim] = Field(
        default_factory=list, description="The claims that pull towards this reading"
    )


class Diagnostics(Model):
    sampler: str
    chains: int
    draws: int
    warmup: int
    rhat_max: float = Field(..., description="Largest R-hat over the reported figures")
    ess_bulk_min: float
    ess_tail_min: float
    rhat_max_parameters: float
    ess_bulk_min_parameters: float
    divergences: int
    step_size: float
    mean_leapfrog_steps: float
    accept_rate: float
    pareto_k_max: float | None = None
    modes: int = Field(1, description="Posterior modes found with a material share of mass")
    readings: int = Field(1, description="Modes sampled, each with chains of its own")
    worst_parameter: str | None = Field(
        None, description="The latent parameter with the largest R-hat"
    )
    seconds: float
    warnings: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.warnings


class Estimate(Model):
    case: str | None = None
    origin: str
    start: dt.date
    as_of: dt.date
    key: str = Field(..., description="Hash of the claims, priors and settings it was made from")
    departures: list[DatedInterval] = Field(
        ..., description="People who had left since the start, by date (cumulative)"
    )
    departures_weekly: list[DatedInterval] = Field(
        default_factory=list, description="People leaving in the week starting at each date"
    )
    destinations: list[DestinationEstimate]
    remaining_abroad: DatedInterval
    remaining_series: list[DatedInterval] = Field(default_factory=list)
    returned: DatedInterval = Field(..., description="Departed and gone back, at as_of")
    claims: list[ClaimFit]
    readings: list[Reading] = Field(
        default_factory=list,
        description="Where the evidence admits more than one reading (posterior modes whose "
        "headline figures differ): each with its weight, figures and the claims behind it. "
        "The headline intervals above pool them by weight",
    )
    diagnostics: Diagnostics
    assumptions: list[str] = Field(default_factory=list)
    priors: dict[str, Any] = Field(default_factory=dict)

    def destination(self, code: str) -> DestinationEstimate | None:
        return next((d for d in self.destinations if d.destination == code), None)


class Influence(Model):
    """How much one claim moved one figure: the figure with it minus the figure without it."""

    index: int
    claim_id: str | None = None
    label: str | None = None
    line: int | None = None
    summary: str = Field(..., description="The claim in a few words")
    shift: float = Field(..., description="Change of the median, in people, due to this claim")
    shift_percent: float
    pareto_k: float | None = None
    exact: bool = Field(False, description="Shift from a refit without the claim")
    refit_warnings: list[str] = Field(
        default_factory=list,
        description="What the refit without the claim warned of (chains that disagree, "
        "more than one mode): then the shift shows another reading of the evidence, not a "
        "precise change",
    )


class Explanation(Model):
    figure: str
    description: str
    estimate: Interval
    claims: list[Influence]
    assumptions: list[str]
    prior_only: bool = Field(
        False, description="True when no claim moves the figure: it is the priors speaking"
    )
