// Short sine tones on a WebAudio context, for the display's chime and the phone's ring:
// notes are [frequency Hz, start offset s]; each rises to `peak` and fades out over `fade` seconds.
export function playTones(ctx, notes, { peak, fade }) {
  const t0 = ctx.currentTime + 0.02;
  for (const [freq, offset] of notes) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, t0 + offset);
    gain.gain.exponentialRampToValueAtTime(peak, t0 + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + offset + fade);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + offset);
    osc.stop(t0 + offset + fade + 0.05);
  }
}
