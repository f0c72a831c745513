"""The schools' PR network: correspondents, the PR committee, invitations and sign-in.

The models live in :mod:`portal.network.models`; the services beside them are verb-named
(``registry``, ``importing``, ``invitations``, ``joining``, ``signin``); the views are in
``staff_views`` (PR and admin) and ``school_views`` (a school's correspondent, no account).
"""
