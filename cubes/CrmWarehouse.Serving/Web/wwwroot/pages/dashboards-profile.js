// Customer profile (seed 002): who the customers are (age bands, education) and how often they come, by gender.
import { dashboard, panel, chartBox, section, cube, numbers, texts, strings } from './dashboard-kit.js';

function bars(ctx, box, answer, level, measure) {
  const labels = texts(answer, level);
  ctx.chart(box, {
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 20, top: 20, bottom: 40, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value' },
    series: [{ name: measure, type: 'bar', data: numbers(answer, measure) }],
  });
}

export default {
  id: 'profile',
  title: { en: 'Customer profile', zh: '客户画像' },
  group: 'dashboards',
  allowed: (me) => me.capabilities.cubes,
  strings: strings({
    en: {
      'profile.about': 'Current customers by age band and education, and how many visits they made in a year by gender.',
      'profile.age': 'Customers by age band',
      'profile.education': 'Customers by education',
      'profile.visits': 'Visit frequency by gender (customers)',
    },
    zh: {
      'profile.about': '当前客户的年龄段与学历分布，以及不同性别客户一年内的到访频次。',
      'profile.age': '各年龄段客户数',
      'profile.education': '各学历客户数',
      'profile.visits': '不同性别的到访频次（客户数）',
    },
  }),
  async render(root, ctx) {
    const body = dashboard(root, ctx, {
      about: 'profile.about',
      commands: [
        './crmw cube query customer_profile --measures customers --by customer.age_band',
        './crmw cube query customer_profile --measures customers --by customer.education',
        './crmw cube query interactions --measures customers --by visit_frequency.band,customer.gender',
      ],
    });
    const age = panel(body, ctx.t('profile.age'));
    const education = panel(body, ctx.t('profile.education'));
    const visits = panel(body, ctx.t('profile.visits'), { wide: true });
    // The sections ask the server at once: the first render waits for the slowest, not for their sum.
    await Promise.all([
      section(age, ctx, async () => {
        const answer = await cube(ctx, 'customer_profile', { measures: ['customers'], by: ['customer.age_band'] });
        if (!ctx.stale()) bars(ctx, chartBox(age, 'profile-age', 300), answer, 'customer.age_band', 'customers');
      }),
      section(education, ctx, async () => {
        const answer = await cube(ctx, 'customer_profile', { measures: ['customers'], by: ['customer.education'] });
        if (!ctx.stale()) bars(ctx, chartBox(education, 'profile-education', 300), answer, 'customer.education', 'customers');
      }),
      section(visits, ctx, async () => {
        const answer = await cube(ctx, 'interactions', { measures: ['customers'], by: ['visit_frequency.band', 'customer.gender'] });
        if (ctx.stale()) return;
        const band = texts(answer, 'visit_frequency.band');
        const gender = texts(answer, 'customer.gender');
        const customers = numbers(answer, 'customers');
        const bands = [...new Set(band)];
        const genders = [...new Set(gender)];
        ctx.chart(chartBox(visits, 'profile-visits', 320), {
          tooltip: { trigger: 'axis' },
          legend: { top: 0 },
          grid: { left: 60, right: 20, top: 40, bottom: 40, containLabel: true },
          xAxis: { type: 'category', data: bands },
          yAxis: { type: 'value' },
          series: genders.map((g) => ({ name: g, type: 'bar', data: bands.map((b) => customers.find((_, i) => band[i] === b && gender[i] === g) ?? 0) })),
        });
      }),
    ]);
  },
};
