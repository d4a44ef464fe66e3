/** The workbench map's layer builder: points coloured by status or lateness, the selection and changed rings. */
import { describe, expect, it } from 'vitest'
import { GOLD } from '../../web/src/layers/palette.ts'
import { QUEUE_OVERDUE_COLORS, QUEUE_STATUS_COLORS, queueCaseColor, queueLayers } from '../../web/src/layers/queue-layers.ts'
import { caseView } from './fake-socket.ts'
import { byId, call, ids } from './layer-helpers.ts'

const cases = [caseView(1, { status: 'received' }), caseView(2, { status: 'handling', overdue: true }), caseView(3, { status: 'resolved' })]

describe('queueLayers', () => {
  it('draws the listed cases by reference, pickable, and nothing else when nothing is selected or changed', () => {
    const layers = queueLayers({ cases, selectedId: null, changed: new Set(), colorBy: 'status' })
    expect(ids(layers)).toEqual(['queue-cases'])
    const pts = byId(layers, 'queue-cases')
    expect(pts.props.data).toBe(cases)
    expect(pts.props.pickable).toBe(true)
    expect(call(pts, 'getPosition', cases[1])).toEqual([cases[1]!.location.lng, cases[1]!.location.lat])
  })

  it('colours by status or by lateness, and tells deck.gl when the choice changes', () => {
    const byStatus = byId(queueLayers({ cases, selectedId: null, changed: new Set(), colorBy: 'status' }), 'queue-cases')
    expect(call(byStatus, 'getFillColor', cases[0])).toEqual(QUEUE_STATUS_COLORS.received)
    expect(call(byStatus, 'getFillColor', cases[1])).toEqual(QUEUE_STATUS_COLORS.handling)
    const byLate = byId(queueLayers({ cases, selectedId: null, changed: new Set(), colorBy: 'overdue' }), 'queue-cases')
    expect(call(byLate, 'getFillColor', cases[1])).toEqual(QUEUE_OVERDUE_COLORS.late)
    expect(call(byLate, 'getFillColor', cases[0])).toEqual(QUEUE_OVERDUE_COLORS.onTime)
    expect(byLate.props.updateTriggers).toMatchObject({ getFillColor: 'overdue' })
    expect(queueCaseColor({ status: 'received', overdue: false }, 'status')).not.toEqual(queueCaseColor({ status: 'resolved', overdue: false }, 'status'))
  })

  it('rings the selected case in gold and the changed ones in white; a selection off the page draws no ring', () => {
    const layers = queueLayers({ cases, selectedId: 2, changed: new Set([3, 99]), colorBy: 'status' })
    expect(ids(layers)).toEqual(['queue-changed', 'queue-cases', 'queue-selected'])
    expect(byId(layers, 'queue-selected').props.data).toEqual([cases[1]])
    expect(byId(layers, 'queue-selected').props.getLineColor).toEqual(GOLD)
    expect(byId(layers, 'queue-changed').props.data).toEqual([cases[2]])
    expect(ids(queueLayers({ cases, selectedId: 42, changed: new Set(), colorBy: 'status' }))).toEqual(['queue-cases'])
  })
})
