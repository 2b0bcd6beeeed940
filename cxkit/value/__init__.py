"""Customer lifetime value and the models behind it.

============================  ================================================
module                        what
============================  ================================================
:mod:`.clv`                   ``clv`` (the source formula), ``clv_from_transactions``
                              (with a BCa bootstrap interval over customers),
                              ``bgnbd_clv`` (discounted BG/NBD x Gamma-Gamma)
:mod:`.rfm`                   ``rfm_summary``: x, t_x, T, mean spend per customer
:mod:`.bgnbd`                 ``fit_bgnbd`` (Fader, Hardie & Lee 2005)
:mod:`.gamma_gamma`           ``fit_gamma_gamma`` (spend per transaction)
:mod:`.sbg`                   ``fit_sbg``: contractual retention (Fader & Hardie 2007)
:mod:`.roi`                   ``cx_roi_scenario``: a transparent ROI-of-CX model
:mod:`.transactions`          the checks of a transaction table
:mod:`.fitting`, :mod:`.results`  maximum likelihood and result objects
============================  ================================================

Math modules (``bgnbd``, ``gamma_gamma``, ``sbg``, ``fitting``) use numpy and
scipy only; the functions that take tables accept pandas DataFrames.
"""

from .bgnbd import BgNbdFit, fit_bgnbd
from .clv import bgnbd_clv, bgnbd_clv_interval, clv, clv_from_transactions
from .gamma_gamma import GammaGammaFit, fit_gamma_gamma
from .results import ClvEstimate, ModelFit
from .rfm import rfm_summary
from .roi import cx_roi_scenario
from .sbg import SbgFit, fit_sbg

__all__ = ["clv", "clv_from_transactions", "bgnbd_clv", "bgnbd_clv_interval", "rfm_summary", "fit_bgnbd", "fit_gamma_gamma", "fit_sbg",
           "cx_roi_scenario", "ClvEstimate", "ModelFit", "BgNbdFit", "GammaGammaFit", "SbgFit"]
