"""Closing a month (issue [10]): the seed's checklist as a gate, prepared by the
accountant and approved by a director, waivers with reasons, and a history of every
close and reopen."""
