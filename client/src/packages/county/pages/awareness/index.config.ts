export default definePageConfig({
  navigationBarTitleText: '政策知晓率',
  enablePullDownRefresh: true,
})
